import { useState } from 'react';
import type { Client } from '../../api/client';
import type { PreloadBridge, ReportDownload } from '../../api/transports';
import { ErrorNote } from '../../components/ErrorNote';
import { Field } from '../../components/Field';
import { PathInput } from '../../components/PathInput';
import { reviewedExplanations } from '../../../../shared/report/reportModel';

/** What to keep out of a report or a copy of the audit, as typed. */
interface Redaction {
  columns: string;
  words: string;
  images: boolean;
  related: boolean;
}

/** The redaction as the API takes it: comma-separated lists split and trimmed. */
export function redactionOptions(r: Redaction) {
  const list = (text: string) =>
    text
      .split(',')
      .map((c) => c.trim())
      .filter(Boolean);
  return { redact: list(r.columns), redactWords: list(r.words), redactImages: r.images, redactRelated: r.related };
}

const warned = (warnings: string[]) => (warnings.length ? ` Warning: ${warnings.join('; ')}.` : '');

/**
 * The review report (written to a chosen path in the desktop app, downloaded in browser mode) and a
 * redacted copy of the audit, both with the same redaction.
 */
export function ReportPanel({
  api,
  choosePath,
  downloadReport,
}: {
  api: Client;
  choosePath?: PreloadBridge['choosePath'];
  downloadReport?: ReportDownload;
}) {
  const [path, setPath] = useState('');
  const [paper, setPaper] = useState<'A4' | 'Letter'>('A4');
  const [onlyFlagged, setOnlyFlagged] = useState(false);
  const [redaction, setRedaction] = useState<Redaction>({ columns: '', words: '', images: false, related: false });
  const [copyPath, setCopyPath] = useState('');
  const [outcome, setOutcome] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const done = (text: string) => {
    setOutcome(text);
    setError(null);
  };
  const failed = (err: Error) => {
    setOutcome(null);
    setError(err.message);
  };
  const exportReport = () => {
    const options = { paper, ...redactionOptions(redaction), ...(onlyFlagged ? { only: 'flagged' as const } : {}) };
    setOutcome('Writing the report…');
    // Browser mode: the server sends the PDF and the browser saves it; it never writes a path of ours.
    if (downloadReport) {
      downloadReport(options).then(({ blob, name, explanations, warnings }) => {
        saveBlob(blob, name);
        done(
          `Downloaded ${name} (${(blob.size / 1024).toFixed(0)} KiB): ${reviewedExplanations(explanations)}.${warned(warnings)}`,
        );
      }, failed);
      return;
    }
    api.exportReport({ path, ...options }).then((r) => {
      done(
        `Wrote ${r.path} (${(r.bytes / 1024).toFixed(0)} KiB): ${reviewedExplanations(r.explanations)}.${warned(r.warnings)}`,
      );
    }, failed);
  };
  const writeCopy = () =>
    api.exportRedactedCopy({ out: copyPath, ...redactionOptions(redaction) }).then((r) => {
      const what = r.redacted.length ? `without ${r.redacted.join(', ')}` : 'nothing redacted';
      done(`Wrote ${r.out}: ${r.rows} rows, ${what}.${warned(r.warnings)}`);
    }, failed);
  return (
    <>
      <h3>Review report</h3>
      <ErrorNote error={error} />
      <form
        onSubmit={(e) => {
          e.preventDefault();
          exportReport();
        }}
      >
        {!downloadReport && (
          <PathInput
            label="PDF file"
            value={path}
            onChange={setPath}
            placeholder="/path/to/review-report.pdf"
            kinds={[{ kind: 'report', button: 'Choose…' }]}
            choosePath={choosePath}
          />
        )}
        <Field label="Paper">
          <select value={paper} onChange={(e) => setPaper(e.target.value === 'Letter' ? 'Letter' : 'A4')}>
            <option>A4</option>
            <option>Letter</option>
          </select>
        </Field>
        <label className="inline">
          <input type="checkbox" checked={onlyFlagged} onChange={(e) => setOnlyFlagged(e.target.checked)} /> Only the
          flagged explanations
        </label>
        <RedactionFields redaction={redaction} onChange={setRedaction} />
        <button type="submit">{downloadReport ? 'Download the report' : 'Export the report'}</button>
      </form>
      {outcome && (
        <p role="status" className="ok">
          {outcome}
        </p>
      )}
      <h3>Redacted copy of the audit</h3>
      <p className="muted">
        The audit file itself keeps every raw value. To hand it over with a redacted report, write a copy without the
        values redacted above; it verifies on its own.
      </p>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void writeCopy();
        }}
      >
        <PathInput
          label="Copy file"
          value={copyPath}
          onChange={setCopyPath}
          placeholder="/path/to/redacted-copy.lwa"
          kinds={[{ kind: 'audit-copy', button: 'Choose…' }]}
          choosePath={choosePath}
        />
        <button type="submit">Write the redacted copy</button>
      </form>
    </>
  );
}

function RedactionFields({ redaction, onChange }: { redaction: Redaction; onChange: (r: Redaction) => void }) {
  return (
    <>
      <label>
        Redact columns (comma-separated){' '}
        <input value={redaction.columns} onChange={(e) => onChange({ ...redaction, columns: e.target.value })} />
      </label>
      <label>
        Redact words of texts{' '}
        <input value={redaction.words} onChange={(e) => onChange({ ...redaction, words: e.target.value })} />
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={redaction.related}
          onChange={(e) => onChange({ ...redaction, related: e.target.checked })}
        />{' '}
        and the columns that predict them
      </label>
      <label className="inline">
        <input
          type="checkbox"
          checked={redaction.images}
          onChange={(e) => onChange({ ...redaction, images: e.target.checked })}
        />{' '}
        Images as outlines only
      </label>
    </>
  );
}

/** Hands a downloaded file to the browser to save. */
function saveBlob(blob: Blob, name: string) {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = name;
  link.click();
  URL.revokeObjectURL(link.href);
}
