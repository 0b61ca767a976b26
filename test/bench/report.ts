export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** 'met' or 'MISSED' against an upper bound. */
export const verdict = (value: number, target: number) => (value <= target ? 'met' : 'MISSED');
