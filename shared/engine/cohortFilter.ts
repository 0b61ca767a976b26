/**
 * Cohort filters over a dataset's columns, such as `age > 60 and housing = "own"`: a small expression
 * grammar parsed here and evaluated row by row, never handed to `eval` or SQL.
 *
 *   expr       := and ('or' and)*
 *   and        := unary ('and' unary)*
 *   unary      := 'not' unary | '(' expr ')' | comparison
 *   comparison := column op value | column 'is' ['not'] 'null' | column ['not'] 'in' '(' value (',' value)* ')'
 *   column     := name | `any name` (backquotes, for names with spaces)
 *   op         := = | == | != | <> | < | <= | > | >=
 *   value      := number | "text" | 'text'
 *
 * Keywords are case-insensitive. A number compares numerically with cells that read as numbers; text
 * compares with the cell as written (trimmed). An empty cell is missing: only `is null` matches it.
 */
export type Cell = string | number | null;

type Comparison = '=' | '!=' | '<' | '<=' | '>' | '>=';
export type CohortFilter =
  | { kind: 'or' | 'and'; parts: CohortFilter[] }
  | { kind: 'not'; part: CohortFilter }
  | { kind: 'compare'; column: string; op: Comparison; value: number | string }
  | { kind: 'null'; column: string; negated: boolean }
  | { kind: 'in'; column: string; values: (number | string)[]; negated: boolean };

/** A filter that does not parse: where (1-based character position) and what was expected. */
export class CohortSyntaxError extends Error {
  constructor(
    readonly position: number,
    readonly detail: string,
  ) {
    super(`at position ${position}: ${detail}`);
  }
}

/** Filters longer than this are refused before parsing. */
export const MAX_FILTER_LENGTH = 2000;

type Token = {
  kind: 'name' | 'number' | 'text' | 'op' | 'punct' | 'end';
  text: string;
  value?: string | number;
  at: number;
};

const KEYWORDS = new Set(['and', 'or', 'not', 'is', 'null', 'in']);

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const at = i + 1;
    if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: 'punct', text: c, at });
      i++;
    } else if ('=!<>'.includes(c)) {
      const two = source.slice(i, i + 2);
      const op = ['==', '!=', '<>', '<=', '>='].includes(two) ? two : c;
      if (op === '!') throw new CohortSyntaxError(at, 'expected != after "!"');
      tokens.push({ kind: 'op', text: op, at });
      i += op.length;
    } else if (c === '"' || c === "'" || c === '`') {
      let j = i + 1;
      let text = '';
      for (;;) {
        if (j >= source.length) throw new CohortSyntaxError(at, `expected a closing ${c}`);
        if (source[j] === c) {
          if (source[j + 1] === c) {
            text += c;
            j += 2;
            continue;
          }
          break;
        }
        text += source[j++];
      }
      tokens.push(c === '`' ? { kind: 'name', text, value: text, at } : { kind: 'text', text, value: text, at });
      i = j + 1;
    } else {
      const number = /^-?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(source.slice(i));
      if (number && (c !== '-' || /[\d.]/.test(source[i + 1] ?? ''))) {
        tokens.push({ kind: 'number', text: number[0], value: Number(number[0]), at });
        i += number[0].length;
        continue;
      }
      const name = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(source.slice(i));
      if (!name) throw new CohortSyntaxError(at, `unexpected "${c}"`);
      tokens.push({ kind: 'name', text: name[0], at });
      i += name[0].length;
    }
  }
  tokens.push({ kind: 'end', text: 'the end', at: source.length + 1 });
  return tokens;
}

/**
 * Parses a cohort filter; every column it names must be one of `columns`.
 * @throws CohortSyntaxError naming the position and what was expected there
 */
export function parseCohortFilter(source: string, columns: readonly string[]): CohortFilter {
  if (source.length > MAX_FILTER_LENGTH)
    throw new CohortSyntaxError(MAX_FILTER_LENGTH + 1, `expected a filter of at most ${MAX_FILTER_LENGTH} characters`);
  const tokens = tokenize(source);
  let k = 0;
  const peek = () => tokens[k];
  const keyword = (word: string) =>
    peek().kind === 'name' && peek().value === undefined && peek().text.toLowerCase() === word;
  const describe = (t: Token) => (t.kind === 'end' ? 'the end' : `"${t.text.slice(0, 40)}"`);
  const fail = (expected: string): never => {
    throw new CohortSyntaxError(peek().at, `expected ${expected}, found ${describe(peek())}`);
  };
  const expectPunct = (p: string) => (peek().kind === 'punct' && peek().text === p ? k++ : fail(`"${p}"`));

  const value = (): number | string => {
    const t = peek();
    if (t.kind === 'number' || t.kind === 'text') return (k++, t.value!);
    return fail('a number or a "quoted" text');
  };
  const column = (): string => {
    const t = peek();
    const bare = t.kind === 'name' && t.value === undefined;
    if (t.kind !== 'name' || (bare && KEYWORDS.has(t.text.toLowerCase()))) return fail('a column name');
    if (!columns.includes(t.text)) {
      throw new CohortSyntaxError(
        t.at,
        `expected a column of the dataset (${closest(t.text, columns)}), found "${t.text.slice(0, 60)}"${bare && columns.some((c) => c.startsWith(`${t.text} `)) ? ' (write a name with spaces in `backquotes`)' : ''}`,
      );
    }
    k++;
    return t.text;
  };
  const comparison = (): CohortFilter => {
    const name = column();
    if (keyword('is')) {
      k++;
      const negated = keyword('not') ? (k++, true) : false;
      if (!keyword('null')) fail('null');
      k++;
      return { kind: 'null', column: name, negated };
    }
    const negated = keyword('not') ? (k++, true) : false;
    if (keyword('in')) {
      k++;
      expectPunct('(');
      const values = [value()];
      while (peek().kind === 'punct' && peek().text === ',') values.push((k++, value()));
      expectPunct(')');
      return { kind: 'in', column: name, values, negated };
    }
    if (negated) fail('in after not');
    if (peek().kind !== 'op') fail('a comparison (=, !=, <, <=, >, >=), is null or in (…)');
    const op = ({ '==': '=', '<>': '!=' } as Record<string, Comparison>)[peek().text] ?? (peek().text as Comparison);
    k++;
    return { kind: 'compare', column: name, op, value: value() };
  };
  const unary = (): CohortFilter => {
    if (keyword('not')) return (k++, { kind: 'not', part: unary() });
    if (peek().kind === 'punct' && peek().text === '(') {
      k++;
      const inner = or();
      expectPunct(')');
      return inner;
    }
    return comparison();
  };
  const chain = (word: 'and' | 'or', next: () => CohortFilter): CohortFilter => {
    const parts = [next()];
    while (keyword(word)) parts.push((k++, next()));
    return parts.length === 1 ? parts[0] : { kind: word, parts };
  };
  const and = () => chain('and', unary);
  const or = (): CohortFilter => chain('or', and);
  if (peek().kind === 'end') fail('a filter such as age > 60 and housing = "own"');
  const filter = or();
  if (peek().kind !== 'end') fail('and, or, or the end of the filter');
  return filter;
}

/** Whether a row (cells by column; '' or null is missing) is in the cohort. */
export function matchesCohort(filter: CohortFilter, row: Record<string, Cell>): boolean {
  switch (filter.kind) {
    case 'or':
      return filter.parts.some((p) => matchesCohort(p, row));
    case 'and':
      return filter.parts.every((p) => matchesCohort(p, row));
    case 'not':
      return !matchesCohort(filter.part, row);
    case 'null':
      return isMissing(row[filter.column]) !== filter.negated;
    case 'in': {
      const cell = row[filter.column];
      if (isMissing(cell)) return false;
      return filter.values.some((v) => compare(cell, '=', v)) !== filter.negated;
    }
    case 'compare': {
      const cell = row[filter.column];
      return !isMissing(cell) && compare(cell, filter.op, filter.value);
    }
  }
}

function isMissing(cell: Cell | undefined): cell is null | undefined {
  return cell === null || cell === undefined || (typeof cell === 'string' && cell.trim() === '');
}

function compare(cell: string | number, op: Comparison, value: number | string): boolean {
  if (typeof value === 'number') {
    const x = typeof cell === 'number' ? cell : Number(cell.trim());
    return Number.isFinite(x) && holds(x - value, op); // text is never a number
  }
  const x = String(cell).trim();
  return holds(x < value ? -1 : x > value ? 1 : 0, op);
}

/** Whether `op` holds of two values whose difference (or order) is `c`. */
function holds(c: number, op: Comparison): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '!=':
      return c !== 0;
    case '<':
      return c < 0;
    case '<=':
      return c <= 0;
    case '>':
      return c > 0;
    case '>=':
      return c >= 0;
  }
}

/** The columns whose names are nearest `name` (by edit distance), for a message. */
function closest(name: string, columns: readonly string[]): string {
  return `closest: ${closestNames(name, columns)
    .map((c) => `"${c}"`)
    .join(', ')}`;
}

/** The three names nearest to `name` by edit distance, case ignored. */
export function closestNames(name: string, columns: readonly string[]): string[] {
  return columns
    .map((c) => ({ c, d: editDistance(name.toLowerCase(), c.toLowerCase()) }))
    .sort((a, b) => a.d - b.d)
    .slice(0, 3)
    .map((s) => s.c);
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}
