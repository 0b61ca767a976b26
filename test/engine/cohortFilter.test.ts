import { describe, expect, it } from 'vitest';
import { CohortSyntaxError, matchesCohort, parseCohortFilter, type Cell } from '../../shared/engine/cohortFilter';
import { Rng } from '../../shared/engine/random';

const COLUMNS = ['age', 'housing', 'mean radius', 'score'];

/** Rows with numbers, strings, missing cells and text in a numeric column. */
function rows(): Record<string, Cell>[] {
  const rng = new Rng(3);
  const housing = ['own', 'rent', 'free', ''];
  return Array.from({ length: 400 }, (_, i) => ({
    age: i % 37 === 0 ? '' : String(18 + rng.int(70)),
    housing: housing[rng.int(4)],
    'mean radius': (6 + rng.uniform() * 20).toFixed(2),
    score: i % 53 === 0 ? 'n/a' : (rng.uniform() * 2 - 1).toFixed(3),
  }));
}

const select = (filter: string) => {
  const f = parseCohortFilter(filter, COLUMNS);
  return rows().flatMap((r, i) => (matchesCohort(f, r) ? [i] : []));
};
const loop = (keep: (r: Record<string, string>) => boolean) =>
  rows().flatMap((r, i) => (keep(r as Record<string, string>) ? [i] : []));
const num = (s: string) => (s.trim() === '' || !Number.isFinite(Number(s)) ? null : Number(s));

describe('cohort filters', () => {
  it('select exactly the rows a plain loop over the table selects', () => {
    const cases: [string, (r: Record<string, string>) => boolean][] = [
      ['age > 60 and housing = "own"', (r) => num(r.age) !== null && num(r.age)! > 60 && r.housing === 'own'],
      ["housing = 'rent' or `mean radius` >= 20.5", (r) => r.housing === 'rent' || num(r['mean radius'])! >= 20.5],
      [
        'not (age <= 30) and housing != "free"',
        (r) => !(num(r.age) !== null && num(r.age)! <= 30) && r.housing !== '' && r.housing !== 'free',
      ],
      ['age is null', (r) => r.age === ''],
      ['housing is not null and score < 0', (r) => r.housing !== '' && num(r.score) !== null && num(r.score)! < 0],
      ['housing in ("own", "free")', (r) => r.housing === 'own' || r.housing === 'free'],
      ['housing not in ("own") AND age == 40', (r) => r.housing !== '' && r.housing !== 'own' && num(r.age) === 40],
      ['score = "n/a"', (r) => r.score === 'n/a'],
      [
        'score > -0.5 or age < 20 and housing = "own"',
        (r) =>
          (num(r.score) !== null && num(r.score)! > -0.5) ||
          (num(r.age) !== null && num(r.age)! < 20 && r.housing === 'own'),
      ],
    ];
    for (const [filter, keep] of cases) {
      const expected = loop(keep);
      expect(expected.length, filter).toBeGreaterThan(0);
      expect(select(filter), filter).toEqual(expected);
    }
  });

  it('refuses bad expressions with the position of the error', () => {
    const position = (filter: string) => {
      try {
        parseCohortFilter(filter, COLUMNS);
      } catch (error) {
        expect(error).toBeInstanceOf(CohortSyntaxError);
        return [(error as CohortSyntaxError).position, (error as Error).message];
      }
      throw new Error(`${filter} parsed`);
    };
    expect(position('age >')).toEqual([6, 'at position 6: expected a number or a "quoted" text, found the end']);
    expect(position('age > 60 and')[0]).toBe(13);
    expect(position('agee > 3')[1]).toMatch(/^at position 1: expected a column of the dataset \(closest: "age"/);
    expect(position('mean radius > 3')[1]).toMatch(/backquotes/);
    expect(position('housing = "own')[1]).toBe('at position 11: expected a closing "');
    expect(position('(age > 3')[1]).toBe('at position 9: expected ")", found the end');
    expect(position('age > 3 housing')[1]).toBe(
      'at position 9: expected and, or, or the end of the filter, found "housing"',
    );
    expect(position('age ! 3')[0]).toBe(5);
    expect(position('')[1]).toMatch(/expected a filter such as/);
    expect(position('age > 3; drop table')[1]).toMatch(/unexpected ";"/);
  });
});
