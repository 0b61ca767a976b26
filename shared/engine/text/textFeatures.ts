import type { TextMode } from '../../domain/params';

export type { TextMode };

/** A text cut into pieces, with its interpretable features. */
export interface TextDocument {
  raw: string;
  mode: TextMode;
  /** The text as consecutive pieces (words and separators, or characters); joined, they are `raw`. */
  pieces: string[];
  /** Start offset of each piece in `raw`. */
  starts: number[];
  /** Each feature: its name and the pieces it covers (every occurrence, in bow mode). */
  features: { name: string; pieces: number[] }[];
  /** Positional mode: what stands in for a removed word. */
  maskToken: string;
}

export interface TextFeatureOptions {
  /** Regular expression of separators (default `\W+`, as the reference); kept, so the text rebuilds exactly. */
  split?: string;
  /** Default 'bow'. */
  mode?: TextMode;
  /** Default 'UNKWORDZ' (the reference's). */
  maskToken?: string;
}

/**
 * Cuts a text into pieces and features: bow, one feature per distinct word (in order of first
 * appearance) covering all its occurrences; positional, one per occurrence; char, one per character.
 */
export function textFeatures(raw: string, options: TextFeatureOptions = {}): TextDocument {
  const mode = options.mode ?? 'bow';
  const maskToken = options.maskToken ?? 'UNKWORDZ';
  if (mode === 'char') {
    const pieces = Array.from(raw);
    const starts: number[] = [];
    let at = 0;
    for (const p of pieces) {
      starts.push(at);
      at += p.length;
    }
    return { raw, mode, pieces, starts, maskToken, features: pieces.map((name, i) => ({ name, pieces: [i] })) };
  }
  const separator = new RegExp(options.split ?? '\\W+', 'gu');
  const pieces: string[] = [];
  const isWord: boolean[] = [];
  let last = 0;
  for (const m of raw.matchAll(separator)) {
    if (m[0].length === 0) continue;
    if (m.index > last) {
      pieces.push(raw.slice(last, m.index));
      isWord.push(true);
    }
    pieces.push(m[0]);
    isWord.push(false);
    last = m.index + m[0].length;
  }
  if (last < raw.length) {
    pieces.push(raw.slice(last));
    isWord.push(true);
  }
  const starts: number[] = [];
  let at = 0;
  for (const p of pieces) {
    starts.push(at);
    at += p.length;
  }
  const features: TextDocument['features'] = [];
  const byWord = new Map<string, number>();
  pieces.forEach((piece, i) => {
    if (!isWord[i]) return;
    if (mode === 'positional') {
      features.push({ name: piece, pieces: [i] });
      return;
    }
    const known = byWord.get(piece);
    if (known === undefined) {
      byWord.set(piece, features.length);
      features.push({ name: piece, pieces: [i] });
    } else {
      features[known].pieces.push(i);
    }
  });
  return { raw, mode, pieces, starts, features, maskToken };
}

/** Character ranges [start, end) of every occurrence of a feature, for highlighting. */
export function featureSpans(doc: TextDocument, feature: number): [number, number][] {
  return doc.features[feature].pieces.map((p) => [doc.starts[p], doc.starts[p] + doc.pieces[p].length]);
}

/**
 * The text with the features whose mask entry is 0 removed (bow, char) or masked (positional).
 * @param mask one entry per feature, starting at `offset`
 */
export function perturbedText(doc: TextDocument, mask: ArrayLike<number>, offset = 0): string {
  const removed = new Uint8Array(doc.pieces.length);
  for (let f = 0; f < doc.features.length; f++)
    if (mask[offset + f] === 0) for (const p of doc.features[f].pieces) removed[p] = 1;
  let out = '';
  for (let p = 0; p < doc.pieces.length; p++) {
    if (!removed[p]) out += doc.pieces[p];
    else if (doc.mode === 'positional') out += doc.maskToken;
  }
  return out;
}
