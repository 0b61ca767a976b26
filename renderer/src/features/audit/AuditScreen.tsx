import { useState } from 'react';
import { formatHead, shortFingerprint, type VerifyReport } from '../../../../shared/domain/audit';
import type { ChooseAuditKind } from '../../../../shared/contract/methods';
import type { Client } from '../../api/client';
import type { PreloadBridge, ReportDownload } from '../../api/transports';
import { ErrorNote } from '../../components/ErrorNote';
import { useAsync } from '../../components/useAsync';
import { Field } from '../../components/Field';
import { PathInput } from '../../components/PathInput';
import { SigningPanel } from './SigningPanel';

/**
 * The audit: what it is, what it holds, its verdicts; verify it, or open or create another — through the
 * native dialogs in the desktop app (`chooseAudit`), by typing a path in browser mode.
 */
export function AuditScreen({
  api,
  chooseAudit,
  chooseKey,
  choosePath,
  downloadReport,
  onChanged,
}: {
  api: Client;
  chooseAudit?: PreloadBridge['chooseAudit'];
  chooseKey?: PreloadBridge['chooseKey'];
  choosePath?: PreloadBridge['choosePath'];
  downloadReport?: ReportDownload;
  onChanged: () => void;
}) {
  const audit = useAsync(() => api.getAudit({}), []);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [path, setPath] = useState('');
  const [typing, setTyping] = useState<ChooseAuditKind | null>(null);
  const [requireSignatures, setRequireSignatures] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [exportForm, setExportForm] = useState({
    path: '',
    paper: 'A4' as 'A4' | 'Letter',
    redact: '',
    words: '',
    images: false,
    related: false,
  });
  const [exported, setExported] = useState<string | null>(null);
  const [copyPath, setCopyPath] = useState('');
  const a = audit.data;
  const opened = () => (audit.reload(), onChanged(), setError(null), setTyping(null));
  const choose = (kind: ChooseAuditKind) => {
    if (!chooseAudit) return setTyping(kind);
    chooseAudit(kind === 'new' && requireSignatures ? 'new-signed' : kind, passphrase || undefined)
      .then(
        (r) => (r.ok ? r.value && opened() : setError(r.error.message)),
        (err: Error) => setError(err.message),
      )
      .finally(() => setPassphrase(''));
  };
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{a?.title ?? 'Audit'}</h2>
      <ErrorNote error={audit.error ?? error} />
      {!a && !audit.error && (
        <p role="status" className="muted">
          Opening the audit… On the first start the demo audit is built first, which takes a few seconds.
        </p>
      )}
      {a && (
        <>
          <p className="muted">
            {a.purpose || 'No purpose recorded.'} · created {new Date(a.createdAt).toLocaleDateString()} · {a.path}
          </p>
          <dl className="facts counts">
            <dt>Models</dt>
            <dd>{a.models}</dd>
            <dt>Datasets</dt>
            <dd>{a.datasets}</dd>
            <dt>Explanations</dt>
            <dd>{a.runs}</dd>
            {Object.entries(a.verdicts).map(([v, n]) => (
              <div key={v} className="pair">
                <dt>{v === 'none' ? 'awaiting a verdict' : v}</dt>
                <dd>{n}</dd>
              </div>
            ))}
          </dl>
          <p>
            Head of the audit log, the anchor to archive outside the file (<code>verify --expect-head</code> checks the
            file still holds it): <code className="anchor">{formatHead(a.head)}</code>
          </p>
          <SigningPanel api={api} audit={a} chooseKey={chooseKey} onChanged={audit.reload} />
        </>
      )}
      <h3>Integrity</h3>
      <button type="button" onClick={() => void api.verifyAudit({}).then(setReport, (e: Error) => setError(e.message))}>
        Verify the audit file
      </button>
      {report && (
        <div role="status" className={report.ok ? 'ok' : 'warning'}>
          {report.ok ? (
            <p>
              Verified: integrity, schema and append-only guards ok, {report.logEntries} log entries chained, model
              files unchanged; {report.signatures.signedVerdicts} of {report.signatures.verdicts} verdicts signed
              {report.signatures.keys.length
                ? ` (keys: ${report.signatures.keys.map((k) => `${k.reviewer} ${shortFingerprint(k.fingerprint)}`).join(', ')})`
                : ''}
              .
            </p>
          ) : (
            <ul>
              {report.failures.map((f, i) => (
                <li key={i}>{f.message}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      <h3>Review report</h3>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          const list = (text: string) =>
            text
              .split(',')
              .map((c) => c.trim())
              .filter(Boolean);
          const options = {
            paper: exportForm.paper,
            redact: list(exportForm.redact),
            redactWords: list(exportForm.words),
            redactImages: exportForm.images,
            redactRelated: exportForm.related,
          };
          setExported('Writing the report…');
          const done = (explanations: number, where: string, warnings: string[]) => (
            setExported(
              `${where}: ${explanations} reviewed explanations.${warnings.length ? ` Warning: ${warnings.join('; ')}.` : ''}`,
            ),
            setError(null)
          );
          const failed = (err: Error) => (setExported(null), setError(err.message));
          // Browser mode: the server sends the PDF and the browser saves it; it never writes a path of ours.
          if (downloadReport) {
            downloadReport(options).then(({ blob, name, explanations, warnings }) => {
              const link = document.createElement('a');
              link.href = URL.createObjectURL(blob);
              link.download = name;
              link.click();
              URL.revokeObjectURL(link.href);
              done(explanations, `Downloaded ${name} (${(blob.size / 1024).toFixed(0)} KiB)`, warnings);
            }, failed);
            return;
          }
          api
            .exportReport({ path: exportForm.path, ...options })
            .then(
              (r) => done(r.explanations, `Wrote ${r.path} (${(r.bytes / 1024).toFixed(0)} KiB)`, r.warnings),
              failed,
            );
        }}
      >
        {!downloadReport && (
          <PathInput
            label="PDF file"
            value={exportForm.path}
            onChange={(path) => setExportForm({ ...exportForm, path })}
            placeholder="/path/to/review-report.pdf"
            kinds={[{ kind: 'report', button: 'Choose…' }]}
            choosePath={choosePath}
          />
        )}
        <Field label="Paper">
          <select
            value={exportForm.paper}
            onChange={(e) => setExportForm({ ...exportForm, paper: e.target.value as 'A4' | 'Letter' })}
          >
            <option>A4</option>
            <option>Letter</option>
          </select>
        </Field>
        <label>
          Redact columns (comma-separated){' '}
          <input value={exportForm.redact} onChange={(e) => setExportForm({ ...exportForm, redact: e.target.value })} />
        </label>
        <label>
          Redact words of texts{' '}
          <input value={exportForm.words} onChange={(e) => setExportForm({ ...exportForm, words: e.target.value })} />
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={exportForm.related}
            onChange={(e) => setExportForm({ ...exportForm, related: e.target.checked })}
          />{' '}
          and the columns that predict them
        </label>
        <label className="inline">
          <input
            type="checkbox"
            checked={exportForm.images}
            onChange={(e) => setExportForm({ ...exportForm, images: e.target.checked })}
          />{' '}
          Images as outlines only
        </label>
        <button type="submit">{downloadReport ? 'Download the report' : 'Export the report'}</button>
      </form>
      {exported && (
        <p role="status" className="ok">
          {exported}
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
          const list = (text: string) =>
            text
              .split(',')
              .map((c) => c.trim())
              .filter(Boolean);
          api
            .exportRedactedCopy({
              out: copyPath,
              redact: list(exportForm.redact),
              redactWords: list(exportForm.words),
              redactImages: exportForm.images,
              redactRelated: exportForm.related,
            })
            .then(
              (r) => (
                setExported(
                  `Wrote ${r.out}: ${r.rows} rows, ${r.redacted.length ? `without ${r.redacted.join(', ')}` : 'nothing redacted'}.${r.warnings.length ? ` Warning: ${r.warnings.join('; ')}.` : ''}`,
                ),
                setError(null)
              ),
              (err: Error) => setError(err.message),
            );
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
      <h3>Another audit</h3>
      <label className="inline">
        <input type="checkbox" checked={requireSignatures} onChange={(e) => setRequireSignatures(e.target.checked)} /> A
        new audit takes signed verdicts only
      </label>
      <label>
        Passphrase (an encrypted audit's; for a new one, encrypts it: at least 8 characters){' '}
        <input type="password" autoComplete="off" value={passphrase} onChange={(e) => setPassphrase(e.target.value)} />
      </label>
      <p className="actions">
        <button type="button" onClick={() => choose('new')}>
          New audit…
        </button>{' '}
        <button type="button" onClick={() => choose('open')}>
          Open audit…
        </button>
      </p>
      {typing && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            api
              .openAudit({
                path,
                create: typing === 'new',
                ...(typing === 'new' && requireSignatures ? { requireSignatures } : {}),
                ...(passphrase ? { passphrase } : {}),
              })
              .then(opened, (err: Error) => setError(err.message))
              .finally(() => setPassphrase(''));
          }}
        >
          <label>
            {typing === 'new' ? 'New audit file' : 'Audit file'}{' '}
            <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/review.lwa" required />
          </label>
          <button type="submit">{typing === 'new' ? 'Create' : 'Open'}</button>
        </form>
      )}
    </section>
  );
}
