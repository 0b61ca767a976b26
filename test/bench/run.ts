/**
 * `npm run bench`: speed targets, measured here and never in timed tests. Ratios are against the model's
 * own inference time measured in the same run. `--threads=N` sets onnxruntime's intra-op threads;
 * `--only=tabular,study` runs only those sections (default-path, tabular, text-image, store, study, guarantee, scale).
 */
import { benchDefaultPath } from './defaultPath';
import { benchGuarantee } from './guarantee';
import { benchScale } from './scale';
import { benchStore } from './store';
import { benchStudy } from './study';
import { benchTabular } from './tabular';
import { benchTextImage } from './textImage';

const threadsArg = process.argv.find((a) => a.startsWith('--threads='));
console.log(`LIME Workbench benchmarks — node ${process.version}, ${process.platform} ${process.arch}`);
const threads = threadsArg ? Number(threadsArg.split('=')[1]) : undefined;
const only = process.argv
  .find((a) => a.startsWith('--only='))
  ?.slice(7)
  .split(',');
const sections: [string, () => Promise<void>][] = [
  ['default-path', benchDefaultPath],
  ['tabular', () => benchTabular(threads)],
  ['text-image', () => benchTextImage(threads)],
  ['store', benchStore],
  ['study', benchStudy],
  ['guarantee', benchGuarantee],
  ['scale', benchScale],
];
for (const [name, run] of sections) if (!only || only.includes(name)) await run();
