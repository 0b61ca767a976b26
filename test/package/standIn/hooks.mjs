// Module hooks for running the packed app under plain Node: `electron` resolves to the stand-in, and every
// other resolution is logged (one URL a line) so a test can check that the app loaded nothing from outside
// its own package.
import { appendFileSync } from 'node:fs';

let standIn;
let log;

export function initialize(data) {
  standIn = data.standIn;
  log = data.log;
}

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: standIn, shortCircuit: true };
  const resolved = await nextResolve(specifier, context);
  appendFileSync(log, `${resolved.url}\n`);
  return resolved;
}
