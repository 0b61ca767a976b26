import { cloneElement, useId, type ReactElement } from 'react';

/**
 * A labelled control. The label names the control through htmlFor/id rather than by wrapping it: a
 * wrapped <select> would take every option's text into its accessible name.
 */
export function Field({
  label,
  children,
  hint,
}: {
  label: string;
  children: ReactElement<{ id?: string; 'aria-describedby'?: string }>;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {cloneElement(children, { id, ...(hint ? { 'aria-describedby': `${id}-hint` } : {}) })}
      {hint && (
        <span id={`${id}-hint`} className="muted hint">
          {hint}
        </span>
      )}
    </div>
  );
}
