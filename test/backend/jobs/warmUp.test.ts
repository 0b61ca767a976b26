import { describe, expect, it } from 'vitest';
import { warmUp } from '../../../electron/backend/jobs/warmUp';

describe('the worker warm-up', () => {
  // A worker swallows a failing warm-up (it only costs speed), so a broken path would go unseen but here.
  it('runs the tabular, text and image paths on its synthetic data without an error', async () => {
    await expect(warmUp()).resolves.toBeUndefined();
  });
});
