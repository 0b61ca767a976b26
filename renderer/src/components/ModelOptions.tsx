import type { ModelDetail } from '../../../shared/contract/api';

/** The options of a model picker: each model by family and version, with its modality when asked. */
export function ModelOptions({
  models,
  modality = false,
}: {
  models: ModelDetail[] | null | undefined;
  modality?: boolean;
}) {
  return (
    <>
      {models?.map((m) => (
        <option key={m.id} value={m.id}>
          {m.family} {m.versionLabel}
          {modality ? ` (${m.profile.modality})` : ''}
        </option>
      ))}
    </>
  );
}
