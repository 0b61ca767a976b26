import { useState } from 'react';
import type { ModelDetail } from '../../../../shared/contract/api';
import type { Client } from '../../api/client';
import type { PreloadBridge } from '../../api/transports';
import { PathInput } from '../../components/PathInput';
import { ErrorNote } from '../../components/ErrorNote';
import { useAsync } from '../../components/useAsync';

/** Models grouped by family, each version's properties as Netron shows them; add a model by its path. */
export function ModelsScreen({ api, choosePath }: { api: Client; choosePath?: PreloadBridge['choosePath'] }) {
  const models = useAsync(() => api.listModels({}), []);
  const [selected, setSelected] = useState<number | null>(null);
  const [form, setForm] = useState({ path: '', family: '', versionLabel: '' });
  const [error, setError] = useState<string | null>(null);
  const families = new Map<string, ModelDetail[]>();
  for (const m of models.data ?? []) families.set(m.family, [...(families.get(m.family) ?? []), m]);
  const model = models.data?.find((m) => m.id === selected) ?? null;
  return (
    <section aria-labelledby="models-title">
      <h2 id="models-title">Models</h2>
      <ErrorNote error={models.error ?? error} />
      <div className="split">
        <div>
          {[...families].map(([family, versions]) => (
            <div key={family} className="family">
              <h3>{family}</h3>
              <ul className="list">
                {versions.map((m) => (
                  <li key={m.id}>
                    <button type="button" aria-pressed={m.id === selected} onClick={() => setSelected(m.id)}>
                      {m.versionLabel} · {m.profile.modality} {m.profile.task} · {m.sha256.slice(0, 10)}…
                    </button>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          <form
            className="card"
            onSubmit={(e) => {
              e.preventDefault();
              api
                .addModel({
                  path: form.path,
                  ...(form.family ? { family: form.family } : {}),
                  ...(form.versionLabel ? { versionLabel: form.versionLabel } : {}),
                })
                .then(
                  (m) => (
                    models.reload(),
                    setSelected(m.id),
                    setError(null),
                    setForm({ path: '', family: '', versionLabel: '' })
                  ),
                  (err: Error) => setError(err.message),
                );
            }}
          >
            <h3>Add a model</h3>
            <PathInput
              label="ONNX file or export folder"
              value={form.path}
              onChange={(path) => setForm({ ...form, path })}
              placeholder="/path/to/model.onnx or an Optimum export folder"
              kinds={[
                { kind: 'model', button: 'Choose a file…' },
                { kind: 'model-folder', button: 'Choose a folder…' },
              ]}
              choosePath={choosePath}
            />
            <label>
              Family (optional){' '}
              <input value={form.family} onChange={(e) => setForm({ ...form, family: e.target.value })} />
            </label>
            <label>
              Version (optional){' '}
              <input value={form.versionLabel} onChange={(e) => setForm({ ...form, versionLabel: e.target.value })} />
            </label>
            <button type="submit">Add model</button>
          </form>
        </div>
        {model && <ModelProperties model={model} api={api} onSaved={models.reload} />}
      </div>
    </section>
  );
}

function ModelProperties({ model, api, onSaved }: { model: ModelDetail; api: Client; onSaved: () => void }) {
  const { info, profile } = model;
  const [draft, setDraft] = useState(() => JSON.stringify(profile, null, 2));
  const [note, setNote] = useState<{ ok: boolean; text: string } | null>(null);
  const save = () => {
    let parsed: unknown;
    try {
      parsed = JSON.parse(draft);
    } catch (e) {
      return setNote({
        ok: false,
        text: `Profile: expected JSON, found text that does not parse (${(e as Error).message}).`,
      });
    }
    api.updateModelProfile({ modelId: model.id, profile: parsed as never }).then(
      () => (setNote({ ok: true, text: 'Profile saved; the change is in the audit log.' }), onSaved()),
      (e: Error) => setNote({ ok: false, text: e.message }),
    );
  };
  return (
    <div className="card properties" aria-label={`Properties of ${model.family} ${model.versionLabel}`}>
      <h3>
        {model.family} {model.versionLabel}
      </h3>
      <dl className="facts">
        <dt>Format</dt>
        <dd>ONNX, IR version {info.irVersion}</dd>
        <dt>Producer</dt>
        <dd>{[info.producerName, info.producerVersion].filter(Boolean).join(' ') || '—'}</dd>
        <dt>Opsets</dt>
        <dd>{info.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ')}</dd>
        <dt>File</dt>
        <dd>
          {model.path} ({(model.size / 1024).toFixed(1)} KiB)
        </dd>
        <dt>SHA-256</dt>
        <dd className="mono">{model.sha256}</dd>
        <dt>Read as</dt>
        <dd>
          {profile.modality} {profile.task}, output “{profile.output}” as {profile.outputKind}
          {profile.classNames ? `; classes ${profile.classNames.join(', ')}` : ''}
        </dd>
      </dl>
      <h4>Inputs and outputs</h4>
      <table>
        <thead>
          <tr>
            <th scope="col">name</th>
            <th scope="col">direction</th>
            <th scope="col">type</th>
          </tr>
        </thead>
        <tbody>
          {[
            ...info.inputs.map((t) => ({ ...t, dir: 'input' })),
            ...info.outputs.map((t) => ({ ...t, dir: 'output' })),
          ].map((t) => (
            <tr key={`${t.dir}:${t.name}`}>
              <td className="mono">{t.name}</td>
              <td>{t.dir}</td>
              <td className="mono">{t.display}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h4>Profile (how the workbench feeds the model and reads its answer)</h4>
      <form
        className="profile"
        onSubmit={(e) => {
          e.preventDefault();
          save();
        }}
      >
        <label>
          Profile JSON
          <textarea
            value={draft}
            onChange={(e) => setDraft(e.target.value)}
            rows={10}
            spellCheck={false}
            className="mono"
          />
        </label>
        <button type="submit">Save profile</button>
      </form>
      {note && (
        <p role={note.ok ? 'status' : 'alert'} className={note.ok ? 'ok' : 'error'}>
          {note.text}
        </p>
      )}
      <h4>Metadata</h4>
      <table className="metadata">
        <tbody>
          {Object.entries(info.metadata).map(([k, v]) => (
            <tr key={k}>
              <th scope="row" className="mono">
                {k}
              </th>
              <td>{v.length > 160 ? `${v.slice(0, 160)}…` : v}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
