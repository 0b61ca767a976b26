import { realpathSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { WorkbenchError } from '../../../shared/contract/errors';

/**
 * Which files a backend may touch for its callers. Browser mode confines every path an API call names (and
 * every file it reads for one) to the folders the user gave when starting it and the app's own data
 * folder; the command line and tests, whose caller is the user at their own shell, are unconfined.
 */
export interface PathPolicy {
  /**
   * A file read on behalf of a call (one the open audit registered): the path, absolute and with symlinks
   * followed, or an error that says nothing of whether it exists.
   */
  check(path: string): string;
  /** A path a call names (typed, or sent by the page): as `check`, and the desktop allows only chosen ones. */
  named(path: string): string;
  /** The folders allowed, for messages and the app; null when unconfined. */
  readonly roots: readonly string[] | null;
}

export const UNCONFINED: PathPolicy = { check: (path) => resolve(path), named: (path) => resolve(path), roots: null };

/**
 * The desktop's policy: the page names only paths the user chose this session in a native dialog or by
 * dropping a file (the main process records each, `choose`), and the user's data folder (the demo); the
 * files the open audit registered are read as they are.
 */
export function chosenOnly(dataDir: string): PathPolicy & { choose(path: string): void } {
  const chosen = new Set<string>();
  const data = realOrResolved(dataDir);
  return {
    roots: null,
    choose: (path) => void chosen.add(realOrResolved(path)),
    check: (path) => realOrResolved(path),
    named(path: string): string {
      const real = realOrResolved(path);
      if (!chosen.has(real) && !within(real, data)) {
        throw new WorkbenchError(
          'invalid-argument',
          `${path.slice(0, 300)}: expected a file chosen in a dialog or dropped on the window this session, found a path typed or sent by the page`,
        );
      }
      return real;
    },
  };
}

/** A policy allowing the given folders (and everything under them), symlinks resolved on both sides. */
export function confinedTo(folders: string[]): PathPolicy {
  const roots = [...new Set(folders.map((f) => realOrResolved(f)))];
  const check = (path: string): string => {
    const real = realOrResolved(path);
    if (!roots.some((root) => within(real, root))) {
      // The same answer whether the path exists or not: this must not become a way to probe the disk.
      throw new WorkbenchError(
        'invalid-argument',
        `${path.slice(0, 300)}: outside the folders this session may use (${roots.join(', ')}; serve --allow DIR adds one)`,
      );
    }
    return real;
  };
  return { roots, check, named: check };
}

function within(path: string, root: string): boolean {
  const r = relative(root, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/**
 * The path with symlinks followed: of the path itself when it exists, else of its nearest existing folder
 * with the rest appended (a file about to be created), else as written, made absolute.
 */
function realOrResolved(path: string): string {
  const absolute = resolve(path);
  let head = absolute;
  const rest: string[] = [];
  for (;;) {
    try {
      return resolve(realpathSync(head), ...rest.reverse());
    } catch {
      const parent = dirname(head);
      if (parent === head) return absolute;
      rest.push(basename(head));
      head = parent;
    }
  }
}
