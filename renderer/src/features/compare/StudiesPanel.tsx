import { useEffect, useState } from 'react';
import type { StudyDetail } from '../../../../shared/contract/api';
import type { Client } from '../../api/client';
import { useJob } from '../../api/useJob';
import { ErrorNote } from '../../components/ErrorNote';
import { useAsync } from '../../components/useAsync';
import { VERDICT_NAMES } from '../../components/Verdict';
import { StudyForm } from './StudyForm';
import { StudyView } from './StudyView';

/** Version review: the audit's studies, a new one (explained with progress and Cancel), and the one chosen. */
export function StudiesPanel({ api }: { api: Client }) {
  const studies = useAsync(() => api.listStudies({}), []);
  const [studyId, setStudyId] = useState<number | null>(null);
  const [detail, setDetail] = useState<StudyDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { job, start, cancel } = useJob(api);
  const open = (id: number) => {
    setStudyId(id);
    api.getStudy({ studyId: id }).then(
      (d) => (setDetail(d), setError(null)),
      (e: Error) => setError(e.message),
    );
  };
  // A finished, failed or cancelled job: show what the study holds now.
  useEffect(() => {
    if (job.phase === 'done' || job.phase === 'failed') {
      studies.reload();
      if (studyId !== null) open(studyId);
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [job.phase]);
  const busy = job.phase === 'starting' || job.phase === 'running';
  const begin = (call: () => Promise<{ jobId: string; studyId: number }>) =>
    start(() =>
      call().then((r) => {
        setStudyId(r.studyId);
        setDetail(null);
        return r;
      }),
    );
  return (
    <>
      <ErrorNote error={studies.error ?? error ?? (job.phase === 'failed' ? job.error : null)} />
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
                    <button type="button" onClick={() => open(s.id)}>
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
      {busy && (
        <div className="progress" role="status">
          <progress max={Math.max(1, job.total)} value={job.done} aria-label="Study progress" /> {job.done} of{' '}
          {job.total || '…'} explanations
          <button type="button" disabled={!job.jobId} onClick={cancel}>
            Cancel
          </button>
        </div>
      )}
      {detail && <StudyView api={api} detail={detail} onChanged={() => (open(detail.study.id), studies.reload())} />}
      <StudyForm api={api} onStart={(args) => begin(() => api.createStudy(args))} />
    </>
  );
}
