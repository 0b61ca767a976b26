// `npm start`. The desktop workbench (Electron) and its browser mode arrive with the workbench issue;
// until then this explains a demo prediction from the bundled fixtures, so the quick start shows the
// engine working on a fresh clone, and says what is coming.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = 'test/fixtures';
const say = (text) => process.stderr.write(`${text}\n`);

say('LIME Workbench — the desktop app and its browser mode are not built yet; here is the engine on a demo.');
say(`Explaining row 0 of ${fixtures}/breast_cancer.test.csv under breast_cancer_rf.onnx, over 5 seeds:\n`);
const result = spawnSync(
  process.execPath,
  [
    'build/bin/lime-workbench.mjs', 'explain', `${fixtures}/breast_cancer_rf.onnx`,
    '--data', `${fixtures}/breast_cancer.test.csv`, '--train', `${fixtures}/breast_cancer.train.csv`,
    '--label-column', 'label', '--row', '0', '--runs', '5',
  ],
  { cwd: root, stdio: 'inherit' },
);
say('\nMore: npx lime-workbench explain --help, npx lime-workbench inspect --help (README.md).');
process.exitCode = result.status ?? 1;
