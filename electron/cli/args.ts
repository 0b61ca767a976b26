import { parseArgs, type ParseArgsConfig } from 'node:util';
import { WorkbenchError } from '../../shared/contract/errors';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;

/** Flag values by name: booleans for boolean flags, lists for repeatable ones, text for the rest. */
export type FlagValues<T extends OptionSpec> = {
  [K in keyof T]?: T[K]['type'] extends 'boolean' ? boolean : T[K]['multiple'] extends true ? string[] : string;
} & { help?: boolean };

/** Parses flags strictly; an unknown or malformed flag is a usage error (exit 2) that names it. */
export function parseFlags<T extends OptionSpec>(
  command: string,
  argv: string[],
  options: T,
): { values: FlagValues<T>; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    });
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    throw new WorkbenchError('invalid-argument', `${command}: ${(error as Error).message.split('\n')[0]}`);
  }
}

export function usage(message: string): WorkbenchError {
  return new WorkbenchError('invalid-argument', message);
}

/** A whole number in [min, max], or a usage error naming the flag. */
export function intFlag(
  flag: string,
  value: string | undefined,
  fallback: number,
  min: number,
  max = Number.MAX_SAFE_INTEGER,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!/^[+-]?\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw usage(
      `${flag}: expected a whole number from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ' up'}, found "${value}"`,
    );
  }
  return n;
}

/** A finite number > 0, or a usage error naming the flag. */
export function positiveFlag(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0)
    throw usage(`${flag}: expected a number greater than 0, found "${value}"`);
  return n;
}

/** A duration: "2s", "500ms", "1.5m", or plain seconds; in milliseconds. */
export function durationFlag(flag: string, value: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(value);
  const ms = m ? Number(m[1]) * ({ ms: 1, s: 1000, m: 60_000 } as const)[(m[2] ?? 's') as 'ms' | 's' | 'm'] : NaN;
  if (!(ms > 0) || ms > 3_600_000)
    throw usage(`${flag}: expected a duration up to an hour such as 2s or 500ms, found "${value.slice(0, 40)}"`);
  return Math.round(ms);
}

/** One of a fixed set of words. */
export function choiceFlag<T extends string>(
  flag: string,
  value: string | undefined,
  choices: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!(choices as readonly string[]).includes(value))
    throw usage(`${flag}: expected one of ${choices.join(', ')}, found "${value}"`);
  return value as T;
}

/** A comma-separated list (empty items dropped). */
export function listFlag(value: string | undefined): string[] {
  return value === undefined
    ? []
    : value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

/** `--row N` or `--rows A-B` (inclusive, 0-based); default row 0. */
export function rowsFlag(row: string | undefined, rows: string | undefined): number[] {
  if (row !== undefined && rows !== undefined) throw usage('--row and --rows: expected one of them, found both');
  if (rows === undefined) return [intFlag('--row', row, 0, 0)];
  const m = /^\s*(\d+)\s*-\s*(\d+)\s*$/.exec(rows);
  if (!m || Number(m[2]) < Number(m[1]))
    throw usage(`--rows: expected a range A-B with A ≤ B (e.g. 0-9), found "${rows}"`);
  return Array.from({ length: Number(m[2]) - Number(m[1]) + 1 }, (_, i) => Number(m[1]) + i);
}

/** Run ids as the user lists them: "1-500,730" (ranges and single ids, comma-separated), in order, once each. */
export function idListFlag(flag: string, value: string): number[] {
  const ids = new Set<number>();
  for (const part of value.split(',').map((p) => p.trim())) {
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    const [a, b] = m ? [Number(m[1]), Number(m[2] ?? m[1])] : [NaN, NaN];
    if (!m || a < 1 || b < a || b - a > 1_000_000)
      throw usage(`${flag}: expected ids and ranges such as 1-500,730, found "${part.slice(0, 40)}"`);
    for (let id = a; id <= b; id++) ids.add(id);
  }
  return [...ids];
}
