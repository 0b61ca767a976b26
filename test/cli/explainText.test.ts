import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/audit';
import { cli } from '../support/cli';
import { fixture } from '../support/fixtures';

const MODEL = fixture('debian_text_bow.onnx');

describe('lime-workbench explain (text)', () => {
  it('explains JSON Lines rows with word weights and their character spans', async () => {
    const r = await cli([
      'explain',
      MODEL,
      '--data',
      fixture('debian_text.test.jsonl'),
      '--rows',
      '20-21',
      '--format',
      'json',
      '--num-samples',
      '1000',
    ]);
    expect(r.stderr).toBe('');
    const docs = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(docs.map((d) => d.instance.row)).toEqual([20, 21]);
    const d = docs[0];
    expect(d.modality).toBe('text');
    expect(d.prediction.classNames).toEqual(['games', 'graphics', 'science', 'sound']);
    expect(d.params).toMatchObject({ kernelWidth: 25, numSamples: 1000, mode: 'bow', batchSize: 500 });
    // Fidelity on fresh samples, and how local the neighbourhood is.
    expect(d.runs[0].explanations[0].heldOut.samples).toBe(100);
    expect(d.runs[0].explanations[0].heldOut.score).toBeLessThanOrEqual(1);
    expect(d.runs[0].neighbourhood.effectiveSampleSize).toBeGreaterThan(1);
    for (const w of d.runs[0].explanations[0].weights) {
      for (const [start, end] of w.spans) expect(d.instance.text.slice(start, end)).toBe(w.name);
    }
  });

  it('explains --text, in positional and character modes too', async () => {
    for (const mode of ['bow', 'positional', 'char']) {
      const r = await cli([
        'explain',
        MODEL,
        '--text',
        'A sound editor for audio files',
        '--text-mode',
        mode,
        '--format',
        'json',
        '--num-samples',
        '500',
      ]);
      expect(r.stderr, mode).toBe('');
      const e = JSON.parse(r.stdout).runs[0].explanations[0];
      expect(e.labelName).toBe('sound');
      if (mode !== 'char') expect(e.weights[0].name).toMatch(/^(sound|audio|editor)$/);
    }
  });

  it.each([
    ['an empty text', ['--text', ''], /text of row 0: expected at least one word to explain/],
    ['a text of separators only', ['--text', ' -- !! '], /expected at least one word to explain/],
    [
      'both --text and --data',
      ['--text', 'x', '--data', fixture('debian_text.test.jsonl')],
      /expected one of --text STRING or --data FILE for a text model, found both/,
    ],
    [
      'a row past the end',
      ['--data', fixture('debian_text.test.jsonl'), '--row', '60'],
      /--row 60: expected a row of .* from 0 to 59, found a row past the end/,
    ],
    [
      'a tabular flag',
      ['--text', 'x', '--discretizer', 'decile'],
      /--discretizer: expected only with other kinds of model, found a text model/,
    ],
  ])('refuses %s with exit 2', async (_, args, message) => {
    const r = await cli(['explain', MODEL, ...args]);
    expect(r.stderr).toMatch(message);
    expect(r.status).toBe(2);
  });

  it('refuses a JSON Lines file whose line is not an object with text, naming the line', async () => {
    const path = join(tempDir(), 'bad.jsonl');
    writeFileSync(path, '{"text": "fine"}\n{"body": "no text field"}\n');
    const r = await cli(['explain', MODEL, '--data', path]);
    expect(r.stderr).toMatch(/bad\.jsonl line 2: expected an object with a "text" string/);
    expect(r.status).toBe(2);
  });

  it('saves a text explanation into an audit file', async () => {
    const store = join(tempDir(), 'text.lwa');
    const r = await cli([
      'explain',
      MODEL,
      '--data',
      fixture('debian_text.test.jsonl'),
      '--row',
      '5',
      '--store',
      store,
      '--format',
      'json',
      '--num-samples',
      '300',
    ]);
    expect(JSON.parse(r.stdout).store.runId).toBe(1);
    const runs = JSON.parse((await cli(['runs', '--store', store, '--format', 'json'])).stdout).runs;
    expect(runs[0]).toMatchObject({ modality: 'text', row: 5, labelName: 'games' });
    expect((await cli(['verify', '--store', store])).status).toBe(0);
  });
});
