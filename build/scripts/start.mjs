// `npm start`: the desktop workbench on the bundled demo audit; where the Electron binary is missing (its
// download host is unreachable on some machines), it says so and serves the same workbench in a browser.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('../..', import.meta.url));
const say = (text) => process.stderr.write(`${text}\n`);

function electronBinary() {
  const dir = join(root, 'node_modules', 'electron');
  const pathFile = join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  try {
    const binary = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const child = binary
  ? spawn(binary, [root], { stdio: 'inherit' })
  : (say(
      'The Electron binary is not installed here (node_modules/electron has no dist/), so the desktop window cannot open.',
    ),
    say('Starting the same workbench in browser mode instead: open the address below in a browser on this machine.\n'),
    spawn(process.execPath, [join(root, 'build', 'bin', 'lime-workbench.mjs'), 'serve'], { stdio: 'inherit' }));
child.on('exit', (code) => (process.exitCode = code ?? 0));
process.on('SIGINT', () => child.kill('SIGINT'));
