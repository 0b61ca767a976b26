import { useState } from 'react';
import type { ChooseAuditKind } from '../../../../shared/contract/methods';
import type { Client } from '../../api/client';
import type { PreloadBridge } from '../../api/transports';
import { ErrorNote } from '../../components/ErrorNote';

/**
 * Open or create another audit: through the native dialogs in the desktop app (`chooseAudit`), by typing
 * a path in browser mode; signed-only and encrypted audits too. The passphrase is forgotten once used.
 */
export function AnotherAuditPanel({
  api,
  chooseAudit,
  onOpened,
}: {
  api: Client;
  chooseAudit?: PreloadBridge['chooseAudit'];
  onOpened: () => void;
}) {
  const [path, setPath] = useState('');
  const [typing, setTyping] = useState<ChooseAuditKind | null>(null);
  const [requireSignatures, setRequireSignatures] = useState(false);
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<string | null>(null);
  const opened = () => {
    setError(null);
    setTyping(null);
    onOpened();
  };
  const choose = (kind: ChooseAuditKind) => {
    if (!chooseAudit) return setTyping(kind);
    void chooseAudit(kind === 'new' && requireSignatures ? 'new-signed' : kind, passphrase || undefined)
      .then(
        (r) => {
          if (!r.ok) setError(r.error.message);
          else if (r.value) opened();
        },
        (err: Error) => setError(err.message),
      )
      .finally(() => setPassphrase(''));
  };
  const openTyped = () =>
    void api
      .openAudit({
        path,
        create: typing === 'new',
        ...(typing === 'new' && requireSignatures ? { requireSignatures } : {}),
        ...(passphrase ? { passphrase } : {}),
      })
      .then(opened, (err: Error) => setError(err.message))
      .finally(() => setPassphrase(''));
  return (
    <>
      <h3>Another audit</h3>
      <ErrorNote error={error} />
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
            openTyped();
          }}
        >
          <label>
            {typing === 'new' ? 'New audit file' : 'Audit file'}{' '}
            <input value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/review.lwa" required />
          </label>
          <button type="submit">{typing === 'new' ? 'Create' : 'Open'}</button>
        </form>
      )}
    </>
  );
}
