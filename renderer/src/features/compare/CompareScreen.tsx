import { useState } from 'react';
import type { Client } from '../../api/client';
import { StudiesPanel } from './StudiesPanel';
import { TwoRunsPanel } from './TwoRunsPanel';

const PARTS = ['Studies', 'Two runs'] as const;

/**
 * Compare: version review over a cohort (studies: flips, agreement, importance shifts, saved with a
 * verdict), or two runs of one instance side by side.
 */
export function CompareScreen({ api }: { api: Client }) {
  const [part, setPart] = useState<(typeof PARTS)[number]>('Studies');
  return (
    <section aria-labelledby="compare-title">
      <h2 id="compare-title">Compare</h2>
      <div className="toolbar" role="group" aria-label="Compare what">
        {PARTS.map((p) => (
          <button key={p} type="button" className="tab-light" aria-pressed={p === part} onClick={() => setPart(p)}>
            {p}
          </button>
        ))}
      </div>
      {part === 'Studies' ? <StudiesPanel api={api} /> : <TwoRunsPanel api={api} />}
    </section>
  );
}
