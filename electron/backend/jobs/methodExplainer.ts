import { validateExplainRequest } from '../../../shared/contract/limits';
import type { BaseParams, ExplainMethod } from '../../../shared/domain/params';
import type { GuaranteeSettings } from '../../../shared/engine/sampleGuarantee';
import type { ExplanationRun } from '../../../shared/domain/explanation';
import { DEFAULT_SHAP_SAMPLES } from '../../../shared/engine/shap/kernelShap';
import { sweepKernelWidth, type KernelWidthSweep } from '../../../shared/engine/kernelWidthSweep';
import { agreementByLabel } from '../../../shared/engine/methodAgreement';
import type { LoadedModel } from '../onnx/loadModel';
import type { InstanceExplainer, InstanceExtras, JobHooks } from './runInstances';

type Explained = { run: ExplanationRun; prediction: ArrayLike<number> };

/**
 * One instance's explanation under the method asked, the same in every modality: KernelSHAP alone; or
 * LIME, at the width given or one chosen by a sweep around the modality's default (once, on the first
 * seed), with KernelSHAP of the instance beside the first seed's run (method both) and their agreement.
 * `extra()` holds the sweep and the KernelSHAP result for the explanation document, with `more()`.
 * `params.seed` is the instance's own first seed (see instanceSeed).
 */
export function methodExplainer(
  row: number,
  params: { method: ExplainMethod; autoKernelWidth: boolean; seed: number; numSamples: number; numFeatures: number },
  widths: { given: number; sweepBase: number },
  lime: (width: number, seed: number) => Promise<Explained>,
  shap: (seed: number, numSamples: number) => Promise<Explained>,
  more: () => InstanceExtras = () => ({}),
): InstanceExplainer {
  let sweep: KernelWidthSweep | null = null;
  let beside: InstanceExtras = {};
  return {
    row,
    seed: params.seed,
    get kernelWidth() {
      return sweep?.chosen ?? widths.given;
    },
    extra: () => ({ ...more(), ...(sweep ? { kernelWidthSweep: sweep } : {}), ...beside }),
    explain: async (seed: number): Promise<Explained> => {
      if (params.method === 'kernel-shap') return shap(seed, params.numSamples);
      if (params.autoKernelWidth && !sweep)
        sweep = await sweepKernelWidth(
          async (w, s) => (await lime(w, s)).run,
          widths.sweepBase,
          params.seed,
          params.numFeatures,
        );
      const result = await lime(sweep?.chosen ?? widths.given, seed);
      if (params.method === 'both' && seed === params.seed) {
        const { run } = await shap(seed, DEFAULT_SHAP_SAMPLES);
        beside = { kernelShap: run, agreement: agreementByLabel(result.run, run) };
      }
      return result;
    },
  };
}

/** What every explanation of a job is told about labels, whichever method: the task, which labels, names, the clock. */
export function labelOptions(
  model: LoadedModel,
  params: { labels: number[] | null; topLabels: number | null },
  hooks: JobHooks,
) {
  // The same rules the command line and the API applied: a job from anywhere else is held to them too.
  validateExplainRequest(params, { task: model.profile.task, classNames: model.profile.classNames, path: model.path });
  return {
    task: model.profile.task,
    labels: params.labels,
    topLabels: params.topLabels,
    classNames: model.profile.classNames,
    clock: hooks.clock,
  };
}

/** A job's sample guarantee as the engine takes it: the neighbourhood starts at the job's numSamples. */
export function guaranteeSettings(params: BaseParams): GuaranteeSettings | null {
  return params.guarantee ? { ...params.guarantee, initialSamples: params.numSamples } : null;
}
