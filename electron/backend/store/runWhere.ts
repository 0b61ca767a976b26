import { invalidInput } from '../../../shared/contract/errors';
import { quote } from '../../../shared/contract/limits';
import { RUN_FLAGS, VERDICTS, type RunFlag, type Verdict } from '../../../shared/domain/audit';
import type { RunFilter } from './runs';

/**
 * A runs filter written as words, for `annotate --where` and `runs --where`: clauses joined by `and`, each one
 * of `verdict is null`, `verdict = trusted|not-trusted|follow-up`, `model = ID`, `label = N`, `study = ID`,
 * `flag = low-fidelity|unstable|methods-disagree|not-guaranteed`. Case and spacing are free; anything else is
 * refused, naming the clause.
 */
export function parseRunWhere(text: string): RunFilter {
  const filter: RunFilter = {};
  const clauses = text
    .trim()
    .split(/\s+and\s+/i)
    .map((c) => c.trim());
  const refuse = (clause: string, expected: string) => invalidInput('--where', expected, quote(clause));
  for (const clause of clauses) {
    if (/^verdict\s+is\s+null$/i.test(clause)) {
      filter.verdict = 'none';
      continue;
    }
    const m = /^([a-z]+)\s*=\s*'?([A-Za-z0-9-]+)'?$/i.exec(clause);
    if (!m)
      throw refuse(clause, 'clauses such as verdict is null, model = 3, label = 1, flag = unstable joined by and');
    const [field, value] = [m[1].toLowerCase(), m[2]];
    const id = () => {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0) throw refuse(clause, `${field} = a whole number`);
      return n;
    };
    if (field === 'verdict') {
      if (!(VERDICTS as readonly string[]).includes(value))
        throw refuse(clause, `verdict is null or verdict = ${VERDICTS.join('|')}`);
      filter.verdict = value as Verdict;
    } else if (field === 'model') filter.modelId = id();
    else if (field === 'label') filter.label = id();
    else if (field === 'study') filter.studyId = id();
    else if (field === 'flag') {
      if (!(RUN_FLAGS as readonly string[]).includes(value)) throw refuse(clause, `flag = ${RUN_FLAGS.join('|')}`);
      filter.flag = value as RunFlag;
    } else throw refuse(clause, 'a clause on verdict, model, label, study or flag');
  }
  return filter;
}
