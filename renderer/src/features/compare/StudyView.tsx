import { useState } from 'react';
import type { StudyDetail } from '../../../../shared/contract/api';
import type { RunComparison } from '../../../../shared/engine/compareRuns';
import type { Client } from '../../api/client';
import { AgreementHistogram, AgreementScatter, ShiftChart } from '../../charts/StudyCharts';
import { ErrorNote } from '../../components/ErrorNote';
import { VerdictForm, VerdictHistory } from '../../components/Verdict';
import { PairView } from './PairView';

/** How many of the ranked rows the table shows at first. */
const RANKED_ROWS = 25;

/** One study: its summary in words, the three charts, the rows by divergence (each opening its pair), the verdict. */
export function StudyView({ api, detail, onChanged }: { api: Client; detail: StudyDetail; onChanged: () => void }) {
  const { study, summary } = detail;
  const [pair, setPair] = useState<RunComparison | null>(null);
  const [allRows, setAllRows] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const names: [string, string] = [study.modelA, study.modelB];
  const what = summary.valueName;
  const ranked = allRows ? summary.ranked : summary.ranked.slice(0, RANKED_ROWS);
  return (
    <section aria-labelledby={`study-${study.id}`} className="card">
      <h3 id={`study-${study.id}`}>
        Study {study.id}: {study.title}
      </h3>
      <p className="muted">
        {study.done} of {study.rows.length} rows ·{' '}
        {study.selection.kind === 'cohort'
          ? `cohort ${study.selection.where}`
          : study.selection.kind === 'pick'
            ? `the rows of SP-LIME pick ${study.selection.pickSeq}`
            : 'rows chosen by number'}{' '}
        · {typeof study.explain.params.numSamples === 'number' ? study.explain.params.numSamples : 'default'} samples
      </p>
      <ErrorNote error={error} />
      <p role="status" className={summary.flips.length ? 'warning' : 'ok'}>
        {summary.text}
      </p>
      {summary.rows > 0 && (
        <>
          <ShiftChart summary={summary} names={names} />
          <div className="two-charts">
            <AgreementHistogram summary={summary} />
            <AgreementScatter summary={summary} what={what} />
          </div>
          <div className="table-wrap">
            <table>
              <caption>Rows by divergence: prediction flips first, then the least agreement</caption>
              <thead>
                <tr>
                  <th scope="col">row</th>
                  <th scope="col">prediction</th>
                  <th scope="col">{what}</th>
                  <th scope="col">rank correlation</th>
                  <th scope="col">top-{summary.topK} overlap</th>
                  <th scope="col">signs reversed</th>
                  <th scope="col">pair</th>
                </tr>
              </thead>
              <tbody>
                {ranked.map((r) => (
                  <tr key={r.row} className={r.flip ? 'flagged' : undefined}>
                    <th scope="row">{r.row}</th>
                    <td>{r.flip ? `${r.predictedA} → ${r.predictedB}` : r.predictedA}</td>
                    <td>
                      {r.valueA.toFixed(3)} → {r.valueB.toFixed(3)}
                    </td>
                    <td>{r.rankCorrelation.toFixed(2)}</td>
                    <td>{(r.topKOverlap * 100).toFixed(0)} %</td>
                    <td>{r.signChanges.join(', ') || '—'}</td>
                    <td>
                      <button
                        type="button"
                        onClick={() =>
                          void api.compareRuns({ runIds: r.runIds }).then(setPair, (e: Error) => setError(e.message))
                        }
                      >
                        Open row {r.row}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {summary.ranked.length > RANKED_ROWS && (
            <button type="button" onClick={() => setAllRows(!allRows)}>
              {allRows ? `Show the first ${RANKED_ROWS} rows` : `Show all ${summary.ranked.length} rows`}
            </button>
          )}
          {pair && <PairView comparison={pair} names={names} />}
        </>
      )}
      <VerdictForm
        key={study.id}
        subject={`study ${study.id}`}
        initialRationale={summary.text}
        onSave={(v) =>
          api.saveStudyAnnotation({ studyId: study.id, ...v }).then(onChanged, (err: Error) => {
            setError(err.message);
            throw err;
          })
        }
      />
      <VerdictHistory annotations={detail.annotations} />
    </section>
  );
}
