import type { InputShift, StudySummary } from '../../../shared/engine/versionStudy';

/** A bar of the importance-shift chart: B − A for one input, with its simultaneous interval. */
export interface ShiftBar {
  name: string;
  shift: number;
  low: number;
  high: number;
  established: boolean;
  signChanges: number;
}

/** The inputs whose importance shifted most (largest |shift| first), at most `limit`. */
export function shiftBars(shifts: readonly InputShift[], limit = 15): ShiftBar[] {
  return shifts.slice(0, limit).map((s) => ({
    name: s.input,
    shift: s.shift,
    low: s.intervalShift[0],
    high: s.intervalShift[1],
    established: s.established,
    signChanges: s.signChanges,
  }));
}

/** The agreement histogram's bars, labelled by their range of rank correlation. */
export function agreementBars(summary: Pick<StudySummary, 'agreementHistogram'>): { label: string; count: number }[] {
  return summary.agreementHistogram.map((b) => ({
    label: `${b.from.toFixed(1)} to ${b.to.toFixed(1)}`,
    count: b.count,
  }));
}

/** One point per row: how far the two explanations agree against how far the prediction moved. */
export function agreementPoints(
  summary: Pick<StudySummary, 'agreement'>,
): { row: number; agreement: number; delta: number; flip: boolean }[] {
  return summary.agreement.map((r) => ({
    row: r.row,
    agreement: r.rankCorrelation,
    delta: r.valueB - r.valueA,
    flip: r.flip,
  }));
}
