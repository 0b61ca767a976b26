import type { TextDocument } from '../../../shared/engine/text/textFeatures';
import type { TextEncoder } from './textEncoder';

/**
 * Token ids per piece of a document, when assembling a perturbed text's ids from its kept pieces is
 * provably what tokenising the perturbed text would give; otherwise null (build the texts instead).
 *
 * It is exact when the token pattern is one character class repeated (`[a-z0-9]+`, `\w+`), no separator
 * character belongs to the class, and every token of the text lies inside one piece: tokens are then
 * maximal runs of class characters, and removing words only brings separators together, which can
 * never create, join or split a run.
 */
export function pieceTokenIds(
  doc: TextDocument,
  encoder: TextEncoder,
  pattern: string | null,
): { pieces: number[][]; mask: number[] } | null {
  if (!encoder.tokens || pattern === null || !/^(\[[^\]]+\]|\\w)\+$/.test(pattern)) return null;
  if (doc.raw.toLowerCase().length !== doc.raw.length) return null;
  const inClass = new RegExp(`^${pattern.slice(0, -1)}$`, 'u');
  const featurePieces = new Set(doc.features.flatMap((f) => f.pieces));
  for (let p = 0; p < doc.pieces.length; p++) {
    if (featurePieces.has(p)) continue;
    for (const ch of doc.pieces[p].toLowerCase()) if (inClass.test(ch)) return null;
  }
  const pieces: number[][] = doc.pieces.map(() => []);
  let p = 0;
  for (const t of encoder.tokens(doc.raw)) {
    while (p < doc.pieces.length && doc.starts[p] + doc.pieces[p].length <= t.start) p++;
    if (p === doc.pieces.length || t.start < doc.starts[p] || t.end > doc.starts[p] + doc.pieces[p].length) return null;
    pieces[p].push(t.id);
  }
  return { pieces, mask: encoder.encode(doc.maskToken).ids };
}
