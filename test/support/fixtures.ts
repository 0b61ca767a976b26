import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file in test/fixtures. */
export function fixture(name: string): string {
  return fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
}

export function fixtureJson<T = any>(name: string): T {
  return JSON.parse(readFileSync(fixture(name), 'utf8')) as T;
}
