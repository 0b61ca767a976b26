import { useState } from 'react';
import type { AuditSummary } from '../../../../shared/contract/api';
import { shortFingerprint } from '../../../../shared/domain/audit';
import type { Client } from '../../api/client';
import type { PreloadBridge } from '../../api/transports';
import { ErrorNote } from '../../components/ErrorNote';
import { useAsync } from '../../components/useAsync';

/**
 * Which reviewer key signs this session's entries: one from the user's keys folder (browser mode and
 * desktop), or a key file chosen in the native dialog (desktop). The passphrase goes to the backend once
 * and is not kept in the page.
 */
export function SigningPanel({
  api,
  audit,
  chooseKey,
  onChanged,
}: {
  api: Client;
  audit: AuditSummary;
  chooseKey?: PreloadBridge['chooseKey'];
  onChanged: () => void;
}) {
  const keys = useAsync(() => api.listKeys({}), []);
  const [key, setKey] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const use = (k: string | null) =>
    api.useKey({ key: k, ...(passphrase ? { passphrase } : {}) }).then(
      () => (setPassphrase(''), setError(null), onChanged()),
      (e: Error) => (setPassphrase(''), setError(e.message)),
    );
  const choose = () =>
    chooseKey?.().then(
      (r) => (r.ok ? r.value && setKey(r.value.path) : setError(r.error.message)),
      (e: Error) => setError(e.message),
    );
  const encrypted = keys.data?.find((k) => k.reviewer === key)?.encrypted ?? key.endsWith('.json');
  return (
    <div className="card">
      <h3>Signing</h3>
      {audit.requireSignatures && <p className="muted">This audit takes signed verdicts only.</p>}
      {audit.signingAs ? (
        <p role="status">
          Signing as <strong>{audit.signingAs.reviewer}</strong>{' '}
          <span className="mono">({shortFingerprint(audit.signingAs.fingerprint)})</span>: every verdict and entry you
          record is signed.{' '}
          <button type="button" onClick={() => void use(null)}>
            Stop signing
          </button>
        </p>
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            if (key) void use(key);
          }}
        >
          <label>
            Sign with{' '}
            <select
              value={keys.data?.some((k) => k.reviewer === key) || !key ? key : ''}
              onChange={(e) => setKey(e.target.value)}
            >
              <option value="">{keys.data?.length ? 'choose your key' : 'no keys in your keys folder'}</option>
              {keys.data?.map((k) => (
                <option key={k.fingerprint} value={k.reviewer}>
                  {k.reviewer} ({shortFingerprint(k.fingerprint)})
                </option>
              ))}
            </select>
          </label>{' '}
          {chooseKey && (
            <button type="button" onClick={() => void choose()}>
              Key file…
            </button>
          )}
          {key && encrypted && (
            <label>
              Passphrase{' '}
              <input
                type="password"
                autoComplete="off"
                value={passphrase}
                onChange={(e) => setPassphrase(e.target.value)}
              />
            </label>
          )}
          <button type="submit" disabled={!key}>
            Use this key
          </button>
          {!keys.data?.length && (
            <p className="muted">
              Make a key with <code>lime-workbench keys create --reviewer NAME</code>.
            </p>
          )}
        </form>
      )}
      <ErrorNote error={keys.error ?? error} />
    </div>
  );
}
