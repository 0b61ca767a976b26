import type { ChoosePathKind } from '../../../shared/contract/methods';
import type { PreloadBridge } from '../api/transports';

/**
 * A form's path: typed in browser mode (the server confines it), chosen in a native dialog in the desktop
 * app, where the page sends no path of its own.
 */
export function PathInput({
  label,
  value,
  onChange,
  placeholder,
  kinds,
  choosePath,
}: {
  label: string;
  value: string;
  onChange: (path: string) => void;
  placeholder: string;
  kinds: { kind: ChoosePathKind; button: string }[];
  choosePath?: PreloadBridge['choosePath'];
}) {
  const choose = (kind: ChoosePathKind) => choosePath?.(kind).then((r) => r.ok && r.value && onChange(r.value.path));
  return (
    <>
      <label>
        {label}{' '}
        <input
          value={value}
          onChange={(e) => onChange(e.target.value)}
          placeholder={placeholder}
          readOnly={Boolean(choosePath)}
          required
        />
      </label>
      {choosePath &&
        kinds.map(({ kind, button }) => (
          <button key={kind} type="button" onClick={() => void choose(kind)}>
            {button}
          </button>
        ))}
    </>
  );
}
