import type { ExplainInput } from './prepared';

/** How each request field is spelled on the command line, for messages that name it. */
export const FLAG_NAMES: Record<keyof ExplainInput, string> = {
  rows: '--rows',
  seed: '--seed',
  data: '--data',
  text: '--text',
  train: '--train',
  labelColumn: '--label-column',
  categorical: '--categorical',
  discretizer: '--discretizer',
  method: '--method',
  autoKernelWidth: '--kernel-width auto',
  sampleAroundInstance: '--sample-around-instance',
  textMode: '--text-mode',
  batchSize: '--batch-size',
  segments: '--segments',
  segmentation: '--segmentation',
  hide: '--hide',
  overlay: '--overlay',
};
