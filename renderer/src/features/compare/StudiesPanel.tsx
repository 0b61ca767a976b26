import { useState } from 'react';
import type { Client } from '../../api/client';
import { isBusy } from '../../api/jobs';
import { useJob } from '../../api/useJob';
import { JobProgress } from '../../components/JobProgress';
import { ErrorNote } from '../../components/ErrorNote';
import { useAsync } from '../../components/useAsync';
import { VERDICT_NAMES } from '../../components/Verdict';
import { StudyForm } from './StudyForm';
import { StudyView } from './StudyView';

/** Version review: the audit's studies, a new one (explained with progress and Cancel), and the one chosen. */
export function StudiesPanel({ api }: { api: Client }) {
  const { job, start, cancel } = useJob(api);
  // A finished, failed or cancelled job changes what the studies hold: both are read again when it ends.
  const ended = job.phase === 'done' || job.phase === 'failed';
  const studies = useAsync(() => api.listStudies({}), [ended]);
  const [studyId, setStudyId] = useState<number | null>(null);
  const detail = useAsync(
    () => (studyId === null ? Promise.resolve(null) : api.getStudy({ studyId })),
    [studyId, ended],
  );
  const busy = isBusy(job);
  const begin = (call: () => Promise<{ jobId: string; studyId: number }>) =>
    start(() =>
      call().then((r) => {
        setStudyId(r.studyId);
        return r;
      }),
    );
  return (
    <>
      <ErrorNote error={studies.error ?? detail.error ?? (job.phase === 'failed' ? job.error : null)} />
      {studies.data && studies.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Studies of this audit</caption>
            <thead>
              <tr>
                <th scope="col">study</th>
                <th scope="col">models</th>
                <th scope="col">rows</th>
                <th scope="col">verdict</th>
                <th scope="col">
                  <span className="sr-only">actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {studies.data.map((s) => (
                <tr key={s.id} aria-current={s.id === studyId ? 'true' : undefined}>
                  <th scope="row">
                    {s.id}: {s.title}
                  </th>
                  <td>
                    {s.modelA} → {s.modelB}
                  </td>
                  <td>
                    {s.done} of {s.rows.length}
                  </td>
                  <td>{s.latest ? `${VERDICT_NAMES[s.latest.verdict]} (${s.latest.reviewer})` : '—'}</td>
                  <td>
                    <button type="button" onClick={() => setStudyId(s.id)}>
                      Show study {s.id}
                    </button>{' '}
                    {s.done < s.rows.length && (
                      <button
                        type="button"
                        disabled={busy}
                        onClick={() => begin(() => api.resumeStudy({ studyId: s.id }))}
                      >
                        Resume study {s.id}
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <JobProgress job={job} label="Study progress" unit="explanations" onCancel={cancel} />
      {detail.data && (
        <StudyView
          // A study with more rows done is read afresh, its verdict form starting from the new summary.
          key={`${detail.data.study.id}:${detail.data.study.done}`}
          api={api}
          detail={detail.data}
          onChanged={() => {
            detail.reload();
            studies.reload();
          }}
        />
      )}
      <StudyForm api={api} onStart={(args) => begin(() => api.createStudy(args))} />
    </>
  );
}
