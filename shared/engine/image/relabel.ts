/**
 * Renumbers segment ids 0..n−1 in order of first appearance (row-major). Segment ids always start at 0
 * here: the reference assumes it, and SLIC's start at 1 leaves a phantom feature 0 (LIME.md §6).
 * @returns the number of segments
 */
export function relabelSequential(labels: Int32Array): number {
  const map = new Map<number, number>();
  for (let p = 0; p < labels.length; p++) {
    let id = map.get(labels[p]);
    if (id === undefined) {
      id = map.size;
      map.set(labels[p], id);
    }
    labels[p] = id;
  }
  return map.size;
}
