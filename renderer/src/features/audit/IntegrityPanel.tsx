import { useState } from 'react';
import { shortFingerprint, type VerifyReport } from '../../../../shared/domain/audit';
import type { Client } from '../../api/client';
import { ErrorNote } from '../../components/ErrorNote';

/** Verify the audit file: every check's failure in words, or what was verified. */
export function IntegrityPanel({ api }: { api: Client }) {
  const [report, setReport] = useState<VerifyReport | null>(null);
  const [error, setError] = useState<string | null>(null);
  const verify = () =>
    void api.verifyAudit({}).then(
      (r) => {
        setReport(r);
        setError(null);
      },
      (e: Error) => setError(e.message),
    );
  return (
    <>
      <h3>Integrity</h3>
      <ErrorNote error={error} />
      <button type="button" onClick={verify}>
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
    </>
  );
}
