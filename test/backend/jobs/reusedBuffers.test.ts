import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { heldBytes, ReusedBuffers } from '../../../electron/backend/jobs/reusedBuffers';
import { maskWorkspace } from '../../../shared/engine/sampleMasks';
import { runTextJob, type TextJob } from '../../../electron/backend/jobs/textJob';
import { describeModelFile } from '../../../electron/backend/onnx/loadModel';
import { openModel } from '../../../electron/backend/onnx/openModel';
import { DEFAULT_TEXT_PARAMS } from '../../../shared/domain/params';
import { fixture } from '../../support/fixtures';

describe('buffers passed from one job to the next', () => {
  it('hands kept buffers to the next job that fits them, fresh ones otherwise or meanwhile', () => {
    const reused = new ReusedBuffers<Float64Array>((b) => b.byteLength, 1024);
    const first = reused.take(
      () => true,
      () => new Float64Array(8),
    );
    expect(
      reused.take(
        () => true,
        () => new Float64Array(8),
      ),
    ).not.toBe(first); // taken: none kept meanwhile
    reused.give(first);
    expect(
      reused.take(
        (b) => b.length >= 16,
        () => new Float64Array(16),
      ),
    ).not.toBe(first);
    reused.give(first);
    expect(
      reused.take(
        (b) => b.length >= 4,
        () => new Float64Array(4),
      ),
    ).toBe(first);
    reused.give(new Float64Array(256)); // 2 KiB: more than it keeps
    expect(
      reused.take(
        () => true,
        () => first,
      ),
    ).toBe(first);
  });

  it('counts the memory behind a workspace once, whether its arrays share an arena or not', () => {
    const inArena = maskWorkspace(100, 10);
    expect(heldBytes(inArena.masks, inArena.distances)).toBe(inArena.masks.buffer.byteLength);
    const plain = maskWorkspace(100, 10, true);
    expect(heldBytes(plain.masks, plain.distances)).toBe(1000 + 800);
  });

  it('gives a text job the same explanation after a longer and a shorter text used its buffers', async () => {
    const model = await openModel(await describeModelFile(fixture('debian_text_bow.onnx')));
    const texts = readFileSync(fixture('debian_text.test.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l).text as string)
      .sort((a, b) => a.length - b.length);
    const job = (text: string): TextJob => ({
      kind: 'text',
      instances: [{ row: 0, text }],
      params: { ...DEFAULT_TEXT_PARAMS, numSamples: 1000 },
    });
    const strip = (rs: Awaited<ReturnType<typeof runTextJob>>) =>
      rs.map((r) => ({ ...r, runs: r.runs.map(({ timing: _, ...run }) => run) }));
    const middle = texts[30];
    const first = strip(await runTextJob(model, job(middle)));
    await runTextJob(model, job(texts[texts.length - 1]));
    await runTextJob(model, job(texts[0]));
    expect(strip(await runTextJob(model, job(middle)))).toEqual(first);
    await model.session.release();
  });
});
