import { useState } from 'react';
import { VERDICTS, type Annotation, type Verdict } from '../../../shared/domain/audit';

export const VERDICT_NAMES: Record<Verdict, string> = {
  trusted: 'Trusted',
  'not-trusted': 'Not trusted',
  'follow-up': 'Needs follow-up',
};

export interface VerdictInput {
  verdict: Verdict;
  rationale: string;
  reviewer: string;
  tags: string[];
}

/** Records a verdict with its rationale, tags and reviewer, on a run or a study; the rationale may start filled in. */
export function VerdictForm({
  subject,
  onSave,
  initialRationale = '',
}: {
  subject: string;
  onSave: (input: VerdictInput) => Promise<unknown>;
  initialRationale?: string;
}) {
  const [form, setForm] = useState({
    verdict: 'follow-up' as Verdict,
    rationale: initialRationale,
    reviewer: '',
    tags: '',
  });
  return (
    <form
      className="card verdict"
      onSubmit={(e) => {
        e.preventDefault();
        const tags = form.tags
          .split(',')
          .map((t) => t.trim())
          .filter(Boolean);
        void onSave({ verdict: form.verdict, rationale: form.rationale, reviewer: form.reviewer, tags }).then(
          () => setForm({ ...form, rationale: '', tags: '' }),
          () => undefined, // the caller shows the error; the form keeps what was typed
        );
      }}
    >
      <fieldset>
        <legend>Verdict on {subject}</legend>
        {VERDICTS.map((v) => (
          <label key={v} className="inline">
            <input
              type="radio"
              name="verdict"
              value={v}
              checked={form.verdict === v}
              onChange={() => setForm({ ...form, verdict: v })}
            />{' '}
            {VERDICT_NAMES[v]}
          </label>
        ))}
      </fieldset>
      <label>
        Rationale{' '}
        <textarea
          value={form.rationale}
          onChange={(e) => setForm({ ...form, rationale: e.target.value })}
          required
          rows={3}
        />
      </label>
      <label>
        Tags (comma-separated) <input value={form.tags} onChange={(e) => setForm({ ...form, tags: e.target.value })} />
      </label>
      <label>
        Reviewer{' '}
        <input value={form.reviewer} onChange={(e) => setForm({ ...form, reviewer: e.target.value })} required />
      </label>
      <button type="submit">Record verdict</button>
    </form>
  );
}

/** Every version of a verdict, oldest first. */
export function VerdictHistory({ annotations }: { annotations: Annotation[] }) {
  if (!annotations.length) return null;
  return (
    <div className="card">
      <h4>History</h4>
      <ol className="history">
        {annotations.map((a) => (
          <li key={a.id}>
            <strong>{VERDICT_NAMES[a.verdict]}</strong> by {a.reviewer}, {new Date(a.createdAt).toLocaleString()}{' '}
            (version {a.version}){a.tags.length ? ` · ${a.tags.join(', ')}` : ''}
            {a.signedBy && (
              <span className="signed" title={`Signed with the Ed25519 key ${a.signedBy}`}>
                {' '}
                ✔ signed
              </span>
            )}
            <p>{a.rationale}</p>
          </li>
        ))}
      </ol>
    </div>
  );
}
