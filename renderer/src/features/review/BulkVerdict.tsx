import { useState } from 'react';
import type { ApiArgs } from '../../../../shared/contract/api';
import type { Client } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';
import { VERDICT_NAMES, VerdictForm, type VerdictInput } from '../../components/Verdict';

/** The runs a bulk verdict is for: the ones ticked, or every run that passes the filters. */
export type Selection = { kind: 'runs'; runIds: number[] } | { kind: 'all' };

type Filter = Pick<ApiArgs<'listRuns'>, 'verdict' | 'modelId' | 'label' | 'flag' | 'sort'>;

/**
 * One verdict on many runs: each run gets its own annotation and log entry. Nothing is recorded until the
 * reviewer confirms a sentence saying how many runs it touches.
 */
export function BulkVerdict({
  api,
  selection,
  matching,
  filter,
  onSelectAll,
  onDone,
}: {
  api: Client;
  selection: Selection;
  /** How many runs pass the filters. */
  matching: number;
  filter: Filter;
  onSelectAll: () => void;
  onDone: () => void;
}) {
  const [pending, setPending] = useState<{ input: VerdictInput; settle: (ok: boolean) => void } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);
  const count = selection.kind === 'all' ? matching : selection.runIds.length;
  if (count === 0 && !outcome) return null;
  // The filters as saveAnnotations takes them (the order does not matter for a verdict).
  const where = { modelId: filter.modelId, verdict: filter.verdict, label: filter.label, flag: filter.flag };
  const record = async (input: VerdictInput) => {
    const args = selection.kind === 'all' ? { filter: where, ...input } : { runIds: selection.runIds, ...input };
    try {
      const { count: done } = await api.saveAnnotations(args);
      setOutcome(
        `Recorded “${VERDICT_NAMES[input.verdict]}” on ${done} runs, each with its own entry in the audit log.`,
      );
      setError(null);
      onDone();
    } catch (e) {
      setError((e as Error).message);
      throw e;
    }
  };
  return (
    <section className="card bulk" aria-label="Verdict on many runs">
      <ErrorNote error={error} />
      {outcome && (
        <p role="status" className="ok">
          {outcome}
        </p>
      )}
      {count > 0 && (
        <>
          <p>
            {selection.kind === 'all'
              ? `All ${count} runs that pass the filters are selected.`
              : `${count} run${count === 1 ? '' : 's'} selected.`}{' '}
            {selection.kind === 'runs' && matching > count && (
              <button type="button" className="link" onClick={onSelectAll}>
                Select all {matching} that match
              </button>
            )}
          </p>
          <VerdictForm
            subject={`${count} selected run${count === 1 ? '' : 's'}`}
            onSave={(input) =>
              new Promise<void>((resolve, reject) =>
                setPending({
                  input,
                  settle: (ok) => {
                    if (ok) void record(input).then(resolve, reject);
                    else reject(new Error('not confirmed'));
                  },
                }),
              )
            }
          />
          {pending && (
            <div role="alertdialog" aria-label="Confirm the verdict" className="warning confirm">
              <p>
                This records “{VERDICT_NAMES[pending.input.verdict]}” on {count} run{count === 1 ? '' : 's'}, each its
                own annotation and audit-log entry. Nothing already recorded changes.
              </p>
              <button
                type="button"
                onClick={() => {
                  pending.settle(true);
                  setPending(null);
                }}
              >
                Record on {count} run{count === 1 ? '' : 's'}
              </button>{' '}
              <button
                type="button"
                onClick={() => {
                  pending.settle(false);
                  setPending(null);
                }}
              >
                Cancel
              </button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
