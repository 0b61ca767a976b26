import type { ApiArgs, ModelDetail } from '../../../../shared/contract/api';
import { RUN_FLAGS, RUN_SORTS, VERDICTS, type RunSummary, type Verdict } from '../../../../shared/domain/audit';
import { Field } from '../../components/Field';
import { ModelOptions } from '../../components/ModelOptions';
import { VERDICT_NAMES } from '../../components/Verdict';

/** What Review's list is filtered and ordered by. */
export type Filter = Pick<ApiArgs<'listRuns'>, 'verdict' | 'modelId' | 'label' | 'flag' | 'sort'>;

const FLAG_NAMES: Record<(typeof RUN_FLAGS)[number], string> = {
  'low-fidelity': 'low fidelity',
  unstable: 'unstable over seeds',
  'methods-disagree': 'LIME and KernelSHAP disagree',
  'not-guaranteed': 'not stable (sample guarantee)',
};
const SORT_NAMES: Record<(typeof RUN_SORTS)[number], string> = {
  newest: 'newest first',
  oldest: 'oldest first',
  score: 'lowest fidelity first',
  row: 'by row',
};

/** The filters over the runs (verdict, model, label, a flag) and their order. */
export function ReviewFilters({
  filter,
  onChange,
  models,
  runs,
}: {
  filter: Filter;
  onChange: (filter: Filter) => void;
  models: ModelDetail[] | null;
  runs: RunSummary[] | null;
}) {
  const labels = [
    ...new Map(
      (runs ?? []).filter((r) => r.label !== null).map((r) => [r.label!, r.labelName ?? String(r.label)]),
    ).entries(),
  ];
  if (filter.label !== undefined && !labels.some(([l]) => l === filter.label))
    labels.push([filter.label, String(filter.label)]);
  labels.sort((a, b) => a[0] - b[0]);
  return (
    <div className="toolbar">
      <Field label="Verdict">
        <select
          value={filter.verdict ?? ''}
          onChange={(e) =>
            onChange({ ...filter, verdict: (e.target.value || undefined) as Verdict | 'none' | undefined })
          }
        >
          <option value="">any</option>
          <option value="none">awaiting a verdict</option>
          {VERDICTS.map((v) => (
            <option key={v} value={v}>
              {VERDICT_NAMES[v]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Model">
        <select
          value={filter.modelId ?? ''}
          onChange={(e) => onChange({ ...filter, modelId: e.target.value ? Number(e.target.value) : undefined })}
        >
          <option value="">any</option>
          <ModelOptions models={models} />
        </select>
      </Field>
      <Field label="Label">
        <select
          value={filter.label ?? ''}
          onChange={(e) => onChange({ ...filter, label: e.target.value === '' ? undefined : Number(e.target.value) })}
        >
          <option value="">any</option>
          {labels.map(([label, name]) => (
            <option key={label} value={label}>
              {name} ({label})
            </option>
          ))}
        </select>
      </Field>
      <Field label="Flagged">
        <select
          value={filter.flag ?? ''}
          onChange={(e) => onChange({ ...filter, flag: (e.target.value || undefined) as Filter['flag'] })}
        >
          <option value="">any</option>
          {RUN_FLAGS.map((f) => (
            <option key={f} value={f}>
              {FLAG_NAMES[f]}
            </option>
          ))}
        </select>
      </Field>
      <Field label="Order">
        <select
          value={filter.sort ?? 'newest'}
          onChange={(e) => onChange({ ...filter, sort: e.target.value as Filter['sort'] })}
        >
          {RUN_SORTS.map((s) => (
            <option key={s} value={s}>
              {SORT_NAMES[s]}
            </option>
          ))}
        </select>
      </Field>
    </div>
  );
}
