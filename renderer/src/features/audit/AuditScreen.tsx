import type { AuditSummary } from '../../../../shared/contract/api';
import { formatHead } from '../../../../shared/domain/audit';
import type { Client } from '../../api/client';
import type { PreloadBridge, ReportDownload } from '../../api/transports';
import { ErrorNote } from '../../components/ErrorNote';
import { useAsync } from '../../components/useAsync';
import { AnotherAuditPanel } from './AnotherAuditPanel';
import { IntegrityPanel } from './IntegrityPanel';
import { ReportPanel } from './ReportPanel';
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
  const a = audit.data;
  return (
    <section aria-labelledby="audit-title">
      <h2 id="audit-title">{a?.title ?? 'Audit'}</h2>
      <ErrorNote error={audit.error} />
      {!a && !audit.error && (
        <p role="status" className="muted">
          Opening the audit… On the first start the demo audit is built first, which takes a few seconds.
        </p>
      )}
      {a && <AuditFacts audit={a} />}
      {a && <SigningPanel api={api} audit={a} chooseKey={chooseKey} onChanged={audit.reload} />}
      <IntegrityPanel api={api} />
      <ReportPanel api={api} choosePath={choosePath} downloadReport={downloadReport} />
      <AnotherAuditPanel
        api={api}
        chooseAudit={chooseAudit}
        onOpened={() => {
          audit.reload();
          onChanged();
        }}
      />
    </section>
  );
}

/** What the audit is, what it holds, and the anchor to archive outside it. */
function AuditFacts({ audit: a }: { audit: AuditSummary }) {
  return (
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
        Head of the audit log, the anchor to archive outside the file (<code>verify --expect-head</code> checks the file
        still holds it): <code className="anchor">{formatHead(a.head)}</code>
      </p>
    </>
  );
}
