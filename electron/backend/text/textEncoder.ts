import { readFileSync } from 'node:fs';
import { Tokenizer } from '@huggingface/tokenizers';
import type { TextTokenizerProfile } from '../../../shared/domain/model';
import { WorkbenchError, invalidInput } from '../../../shared/contract/errors';
import { parseJson } from '../data/parseJson';

/** A text turned into what a model takes. */
export interface EncodedText {
  ids: number[];
  attentionMask?: number[];
  tokenTypeIds?: number[];
}

/** Turns texts into token ids for one model. */
export interface TextEncoder {
  kind: TextTokenizerProfile['type'];
  padId: number;
  /** Pad (and cut) every row to this length; null: to the longest row of each batch. */
  maxLength: number | null;
  /** Tokens an encoding never exceeds (the tokenizer's truncation); null when it may be any length. */
  truncatesAt?: number | null;
  encode(text: string): EncodedText;
  /**
   * Regex tokenizers only: each token's id and character range in `text`, so the ids of a text with some
   * words removed can be assembled from the ids of the words kept.
   */
  tokens?(text: string): { id: number; start: number; end: number }[];
}

/**
 * Builds the encoder a text profile describes, reading its vocabulary or tokenizer.json.
 * @param metadata the model's metadata_props, for a vocabulary given as `metadata:KEY`
 */
export function textEncoder(profile: TextTokenizerProfile, metadata: Record<string, string> = {}): TextEncoder {
  if (profile.type === 'string') return { kind: 'string', padId: 0, maxLength: null, encode: () => ({ ids: [] }) };
  if (profile.type === 'huggingface') return huggingFaceEncoder(profile);
  let pattern: RegExp;
  try {
    pattern = new RegExp(profile.pattern, 'gu');
  } catch (error) {
    throw invalidInput(
      'profile text.tokenizer.pattern',
      'a regular expression',
      `"${profile.pattern}" (${(error as Error).message})`,
    );
  }
  const vocab = readVocab(profile.vocab, metadata);
  const ids = new Map(vocab.map((token, i) => [token, i + profile.idOffset]));
  const tokens = (text: string) => {
    const source = profile.lowercase ? text.toLowerCase() : text;
    const out: { id: number; start: number; end: number }[] = [];
    // Lower-casing can change lengths outside ASCII; offsets then refer to the lower-cased text, which the
    // fast path detects (its token ranges no longer fit the pieces) and leaves to the exact text path.
    for (const m of source.matchAll(pattern)) {
      const id = ids.get(m[0]) ?? (profile.oov === 'drop' ? null : profile.oov);
      if (id !== null) out.push({ id, start: m.index, end: m.index + m[0].length });
    }
    return out;
  };
  return {
    kind: 'regex-vocab',
    padId: profile.padId,
    maxLength: profile.maxLength ?? null,
    tokens,
    encode: (text) => ({ ids: tokens(text).map((t) => t.id) }),
  };
}

function readVocab(vocab: string | string[], metadata: Record<string, string>): string[] {
  if (Array.isArray(vocab)) return vocab;
  let json: unknown;
  if (vocab.startsWith('metadata:')) {
    const key = vocab.slice('metadata:'.length);
    try {
      json = JSON.parse(metadata[key] ?? 'null');
    } catch {
      json = null;
    }
    if (!Array.isArray(json))
      throw invalidInput(
        `profile text.tokenizer.vocab "${vocab}"`,
        "a JSON list of tokens in the model's metadata",
        metadata[key] === undefined ? 'no such metadata key' : 'something else',
      );
    return json as string[];
  }
  let text: string;
  try {
    text = readFileSync(vocab, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT')
      throw new WorkbenchError(
        'not-found',
        `${vocab}: expected a vocabulary (JSON list of tokens), found no such file`,
      );
    throw invalidInput(vocab, 'a readable vocabulary', `a file that cannot be read (${code ?? 'error'})`);
  }
  json = parseJson(text, vocab, 'a vocabulary in JSON');
  const list = Array.isArray(json) ? json : (json as { vocab?: unknown }).vocab;
  if (!Array.isArray(list) || !list.every((t) => typeof t === 'string'))
    throw invalidInput(vocab, 'a JSON list of tokens, or an object with a "vocab" list', 'something else');
  return list;
}

/** The parts of a tokenizer.json and tokenizer_config.json that say how long an encoding may be. */
interface TokenizerJson {
  truncation?: { max_length?: number; direction?: string } | null;
  padding?: { strategy?: unknown; pad_id?: number } | null;
}
interface TokenizerConfigJson {
  model_max_length?: number;
  pad_token?: string | { content?: string };
}

/** model_max_length values above this are the library's "no limit" sentinel (1e30), not a limit. */
const NO_LIMIT = 1_000_000;

/**
 * A Hugging Face tokenizer (tokenizer.json, with tokenizer_config.json), truncating as the tokenizer
 * defines it: the `truncation` block's max_length (else tokenizer_config's model_max_length; a profile's
 * maxLength overrides), applied to the content *before* the post-processor adds the special tokens, so
 * `[CLS] … [SEP]` survive and the content is cut — what the tokenizer library does not do on its own.
 */
function huggingFaceEncoder(profile: Extract<TextTokenizerProfile, { type: 'huggingface' }>): TextEncoder {
  const read = (path: string, what: string) => {
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT')
        throw new WorkbenchError('not-found', `${path}: expected ${what}, found no such file`);
      throw invalidInput(
        path,
        what,
        `a file that cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
      );
    }
    return parseJson(text, path, what) as object;
  };
  const json = read(profile.file, 'a HuggingFace tokenizer.json') as TokenizerJson;
  const config = (profile.config ? read(profile.config, 'a tokenizer_config.json') : {}) as TokenizerConfigJson;
  let tokenizer: Tokenizer;
  try {
    tokenizer = new Tokenizer(json, config);
  } catch (error) {
    throw invalidInput(
      profile.file,
      'a HuggingFace tokenizer.json',
      `one the tokenizer library cannot use (${(error as Error).message.slice(0, 120)})`,
    );
  }
  const padToken = typeof config.pad_token === 'string' ? config.pad_token : (config.pad_token?.content ?? '[PAD]');
  const padId = json.padding?.pad_id ?? tokenizer.token_to_id(padToken) ?? 0;
  const modelMax =
    typeof config.model_max_length === 'number' && config.model_max_length < NO_LIMIT ? config.model_max_length : null;
  const limit = profile.maxLength ?? json.truncation?.max_length ?? modelMax;
  const fixed =
    json.padding && typeof json.padding.strategy === 'object' && json.padding.strategy !== null
      ? ((json.padding.strategy as { Fixed?: number }).Fixed ?? null)
      : null;
  const fromLeft = json.truncation?.direction === 'Left';
  const encodeWhole = (text: string): EncodedText => {
    const e = tokenizer.encode(text, { add_special_tokens: true, return_token_type_ids: true });
    return { ids: e.ids, attentionMask: e.attention_mask, tokenTypeIds: e.token_type_ids };
  };
  if (limit === null) return { kind: 'huggingface', padId, maxLength: fixed, truncatesAt: null, encode: encodeWhole };
  const post = tokenizer.post_processor;
  const added = post ? post.post_process([]).tokens.length : 0;
  const room = Math.max(0, limit - added);
  const unk = tokenizer.token_to_id('[UNK]') ?? tokenizer.token_to_id('<unk>') ?? 0;
  return {
    kind: 'huggingface',
    padId,
    maxLength: fixed,
    truncatesAt: limit,
    encode: (text) => {
      const content = tokenizer.tokenize(text, { add_special_tokens: false });
      if (content.length <= room) return encodeWhole(text);
      const kept = fromLeft ? content.slice(content.length - room) : content.slice(0, room);
      const processed = post ? post.post_process(kept) : { tokens: kept };
      const ids = processed.tokens.map((t) => tokenizer.token_to_id(t) ?? unk);
      return { ids, attentionMask: ids.map(() => 1), tokenTypeIds: processed.token_type_ids ?? ids.map(() => 0) };
    },
  };
}
