import type { LabelExplanation } from '../../../shared/domain/explanation';
import { highlightText } from './charts.data';
import { OPPOSES, SUPPORTS } from '../../../shared/report/palette';

/** The text with each explained word shaded by its weight (blue supports, vermillion opposes). */
export function TextHighlight({ text, explanation }: { text: string; explanation: LabelExplanation }) {
  const max = Math.max(1e-9, ...explanation.weights.map((w) => Math.abs(w.weight)));
  return (
    <p className="text-highlight">
      {highlightText(text, explanation).map((part, i) =>
        part.weight === null ? (
          <span key={i}>{part.text}</span>
        ) : (
          <mark
            key={i}
            title={`weight ${part.weight.toFixed(4)}`}
            style={{
              backgroundColor: `${part.weight >= 0 ? SUPPORTS : OPPOSES}${Math.round(
                40 + 180 * (Math.abs(part.weight) / max),
              )
                .toString(16)
                .padStart(2, '0')}`,
            }}
          >
            {part.text}
          </mark>
        ),
      )}
    </p>
  );
}
