/**
 * `npm run bench`: speed targets, measured here and never in timed tests. Ratios are against the model's
 * own inference time measured in the same run. `--threads=N` sets onnxruntime's intra-op threads.
 */
import { benchStore } from './store';
import { benchTabular } from './tabular';
import { benchTextImage } from './textImage';

const threadsArg = process.argv.find((a) => a.startsWith('--threads='));
console.log(`LIME Workbench benchmarks — node ${process.version}, ${process.platform} ${process.arch}`);
const threads = threadsArg ? Number(threadsArg.split('=')[1]) : undefined;
await benchTabular(threads);
await benchTextImage(threads);
await benchStore();
