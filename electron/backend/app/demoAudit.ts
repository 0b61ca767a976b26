import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ApiArgs } from '../../../shared/contract/api';
import { createBackend } from './createBackend';
import { jobOutcome } from './jobOutcome';

/** Where the demo audit lives: in the user-data folder (never beside the code), rebuilt whenever it is missing. */
export function demoAuditPath(dataDir: string): string {
  return join(dataDir, 'demo', 'demo-audit.lwa');
}

/** The demo material of a source checkout or an npm install (the desktop app has it in its resources folder). */
export function demoMaterialDir(packageRoot: string): string {
  return join(packageRoot, 'build', 'demo');
}

/** How far the first start has come: `done` of `total` steps. */
export type DemoProgress = (message: string, done: number, total: number) => void;

/** The steps ensureDemoAudit reports: copying, six models, eight datasets, seven explanation jobs, the pick, the study, the verdicts. */
const DEMO_STEPS = 28;

/**
 * The bundled demo audit, built on first start: the breast-cancer forest and its retrained version as one
 * family, wine, diabetes, Debian text and Fashion-MNIST models, their data, a few saved explanations and
 * verdicts, one checked against KernelSHAP with a kernel-width sweep, an SP-LIME pick of representative
 * texts, and a study of v1 against v2 over the 114 test rows with its verdict. The demo material is copied beside the audit first, so the models and data it records keep their
 * paths wherever the app itself is installed or mounted.
 * @param path the demo audit (see demoAuditPath)
 * @param material the folder of demo models and data (build/demo, or the app's resources/demo)
 * @param progress told of each step (building takes a few seconds)
 */
export async function ensureDemoAudit(
  path: string,
  material: string,
  progress: DemoProgress = () => {},
): Promise<void> {
  if (existsSync(path)) return;
  let done = 0;
  const step = (message: string) => progress(message, ++done, DEMO_STEPS);
  const folder = dirname(path);
  mkdirSync(folder, { recursive: true });
  progress(`Building the demo audit in ${path} …`, 0, DEMO_STEPS);
  const copied = join(folder, 'material');
  rmSync(copied, { recursive: true, force: true });
  cpSync(material, copied, { recursive: true });
  step('Copied the demo models and data');
  const building = `${path}.building`;
  rmSync(building, { force: true });
  const backend = createBackend({
    storePath: building,
    create: true,
    actor: 'demo',
    title: 'Demo audit: breast cancer classifier, version 1 against version 2',
    purpose:
      'Decide whether the retrained random forest (v2) can replace v1 for triage, and review explanations of the other bundled models.',
  });
  const api = backend.api;
  try {
    const f = (name: string) => join(copied, name);
    const model = async (name: string, family?: string, versionLabel?: string) => {
      const added = await api.addModel({
        path: f(name),
        ...(family ? { family } : {}),
        ...(versionLabel ? { versionLabel } : {}),
      });
      step(`Added the model ${name}`);
      return added;
    };
    const v1 = await model('breast_cancer_rf.onnx', 'breast_cancer_rf', 'v1');
    const v2 = await model('breast_cancer_rf_v2.onnx', 'breast_cancer_rf', 'v2');
    const wine = await model('wine_mlp.onnx');
    const diabetes = await model('diabetes_gbr.onnx');
    const text = await model('debian_text_bow.onnx');
    const image = await model('fashion_mnist_cnn.onnx');
    // A Hugging Face export folder (Optimum layout), read with no profile: classes, tokenizer, limits.
    const sentiment = await model('sentiment_bert_tiny', 'sentiment_bert_tiny', 'v1');
    const data = async (name: string) => {
      const { id } = await api.addDataset({ path: f(name) });
      step(`Added the data ${name}`);
      return id;
    };
    const bcTest = await data('breast_cancer.test.csv');
    const bcTrain = await data('breast_cancer.train.csv');
    const wineTest = await data('wine.test.csv');
    const wineTrain = await data('wine.train.csv');
    const diabetesTest = await data('diabetes.test.csv');
    const diabetesTrain = await data('diabetes.train.csv');
    const texts = await data('debian_text.test.jsonl');
    const images = await data('fashion_mnist.test');
    const reviews = await data('movie_reviews.jsonl');
    const explain = async (args: ApiArgs<'runExplanation'>) => {
      const { runIds } = await jobOutcome(backend, () => api.runExplanation(args));
      step(`Explained ${runIds.length} row${runIds.length === 1 ? '' : 's'}`);
      return runIds;
    };
    const bc1 = await explain({
      modelId: v1.id,
      datasetId: bcTest,
      trainDatasetId: bcTrain,
      rows: [0, 1, 2],
      params: { runs: 3 },
    });
    const bc2 = await explain({
      modelId: v2.id,
      datasetId: bcTest,
      trainDatasetId: bcTrain,
      rows: [0, 1, 2],
      params: { runs: 3 },
    });
    await explain({ modelId: wine.id, datasetId: wineTest, trainDatasetId: wineTrain, rows: [0], params: { runs: 3 } });
    await explain({
      modelId: diabetes.id,
      datasetId: diabetesTest,
      trainDatasetId: diabetesTrain,
      rows: [0],
      params: { runs: 3 },
    });
    // Row 3 checked against KernelSHAP, its kernel width chosen by a sweep.
    const checked = await explain({
      modelId: v1.id,
      datasetId: bcTest,
      trainDatasetId: bcTrain,
      rows: [3],
      params: { runs: 3, method: 'both', autoKernelWidth: true },
    });
    const words = await explain({ modelId: text.id, datasetId: texts, rows: [0, 20], params: { runs: 3 } });
    // SP-LIME: the three texts among the first thirty that together cover the most important words.
    await jobOutcome(backend, () =>
      api.pickInstances({
        modelId: text.id,
        datasetId: texts,
        rows: Array.from({ length: 30 }, (_, i) => i),
        budget: 3,
      }),
    );
    step('Picked representative texts');
    const pictures = await explain({ modelId: image.id, datasetId: images, rows: [4], params: { topLabels: 3 } });
    // The longer review is truncated as the tokenizer says, keeping [CLS] … [SEP].
    await explain({ modelId: sentiment.id, datasetId: reviews, rows: [0, 1], params: { runs: 3 } });
    // The question of this audit over the whole test set: a study of v1 against v2 on its 114 rows.
    let studyId = 0;
    await jobOutcome(backend, async () => {
      const started = await api.createStudy({
        modelAId: v1.id,
        modelBId: v2.id,
        datasetId: bcTest,
        trainDatasetId: bcTrain,
        labelColumn: 'label',
        rows: Array.from({ length: 114 }, (_, i) => i),
        params: { numSamples: 1000 },
      });
      studyId = started.studyId;
      return started;
    });
    step('Compared v1 and v2 over the 114 test rows');
    const verdict = (runId: number, verdict: 'trusted' | 'not-trusted' | 'follow-up', rationale: string) =>
      api.saveAnnotation({ runId, verdict, rationale, reviewer: 'Demo reviewer' });
    await verdict(
      bc1[0],
      'trusted',
      'Texture and concavity bins drive the malignant call, as in the clinical literature; stable over three seeds.',
    );
    await verdict(
      bc2[0],
      'follow-up',
      'v2 leans on worst-area bins more than v1 for the same patient; compare on more rows before replacing v1.',
    );
    await verdict(bc1[1], 'follow-up', 'Low surrogate score: the forest is nearly constant around this benign case.');
    await verdict(
      checked[0],
      'follow-up',
      'LIME and KernelSHAP should tell the same story here; read the agreement before trusting either.',
    );
    await verdict(words[0], 'trusted', '“game” and “strategy” carry the games class; no spurious words.');
    await verdict(
      pictures[0],
      'not-trusted',
      'Background regions weigh as much as the garment: check the model on shifted images.',
    );
    await api.saveStudyAnnotation({
      studyId,
      verdict: 'follow-up',
      rationale:
        (await api.getStudy({ studyId })).summary.text +
        ' Before replacing v1, confirm with a clinician that the shifts in worst-area and concavity bins are expected of the retrained forest.',
      reviewer: 'Demo reviewer',
    });
    step('Recorded the verdicts');
  } finally {
    await backend.close();
  }
  renameSync(building, path);
  progress('Demo audit ready.', DEMO_STEPS, DEMO_STEPS);
}
