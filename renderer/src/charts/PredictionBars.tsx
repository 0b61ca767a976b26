/** The model's prediction: one bar per class (the predicted one marked), or the regression value. */
export function PredictionBars({ bars }: { bars: { name: string; value: number; predicted: boolean }[] }) {
  if (bars.length === 1 && bars[0].name === 'value')
    return (
      <p className="prediction-value">
        Predicted value: <strong>{bars[0].value.toFixed(4)}</strong>
      </p>
    );
  return (
    <ul className="prediction-bars" aria-label="Prediction by class">
      {bars.map((b) => (
        <li key={b.name} className={b.predicted ? 'predicted' : ''}>
          <span className="label">{b.name}</span>
          <span className="track" aria-hidden="true">
            <span className="fill" style={{ width: `${Math.max(0, Math.min(1, b.value)) * 100}%` }} />
          </span>
          <span className="value">{(b.value * 100).toFixed(1)} %</span>
        </li>
      ))}
    </ul>
  );
}
