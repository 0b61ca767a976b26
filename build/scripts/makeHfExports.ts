/**
 * Writes the Hugging Face export fixtures the demo bundles (`npm run fixtures:hf`): a tiny WordPiece
 * sentiment classifier in Optimum's folder layout and a few reviews to explain. The models are built from
 * known weights (test/support/hfExports.ts), so a test checks onnxruntime's answers against them and that
 * the committed files are exactly what this script writes.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HF_DEMO_REVIEWS, writeHfTextExport } from '../../test/support/hfExports';

const demo = fileURLToPath(new URL('../demo/', import.meta.url));
writeHfTextExport(join(demo, 'sentiment_bert_tiny'));
writeFileSync(
  join(demo, 'movie_reviews.jsonl'),
  HF_DEMO_REVIEWS.map((text) => JSON.stringify({ text })).join('\n') + '\n',
);
process.stdout.write(`wrote ${join(demo, 'sentiment_bert_tiny')} and movie_reviews.jsonl\n`);
