import type { LabelStability } from '../../../shared/domain/explanation';
import { isShaky } from '../../../shared/engine/stability';

/**
 * Per-feature stability over the runs: mean weight, its 95 % interval, how many runs agree on its sign and
 * how many selected it at all. A feature whose interval crosses zero, or that some runs leave out, is
 * marked: its weight says less than its bar suggests.
 */
export function StabilityTable({
  stability,
  runs,
  limit = 15,
}: {
  stability: LabelStability;
  runs: number;
  limit?: number;
}) {
  const count = (share: number) => Math.round(share * runs);
  return (
    <details className="stability">
      <summary>Stability per feature over {runs} runs</summary>
      <table>
        <thead>
          <tr>
            <th scope="col">feature</th>
            <th scope="col">mean weight</th>
            <th scope="col">95 % interval</th>
            <th scope="col">same sign</th>
            <th scope="col">selected</th>
          </tr>
        </thead>
        <tbody>
          {stability.features.slice(0, limit).map((f) => {
            const shaky = isShaky(f);
            return (
              <tr key={f.feature} className={shaky ? 'shaky' : undefined}>
                <td>
                  {f.name}
                  {shaky ? ' ⚠' : ''}
                </td>
                <td>{f.mean.toFixed(4)}</td>
                <td>
                  {f.low.toFixed(4)} … {f.high.toFixed(4)}
                </td>
                <td>
                  {count(f.signAgreement)} of {runs}
                </td>
                <td>
                  {count(f.selectedShare)} of {runs}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}
