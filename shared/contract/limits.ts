import { WorkbenchError } from './errors';

/**
 * Every bound the workbench puts on what a file or a request may ask of it, in one place: the command
 * line, the API and the worker check against these, each before the work the bound protects. README's
 * table of limits lists them.
 */
export const LIMITS = {
  /** Samples per run. */
  numSamples: 1_000_000,
  /** Features in an explanation. */
  numFeatures: 100_000,
  /** Runs (seeds) per instance. */
  runs: 1_000,
  /** Labels explained at once (labels or top labels). */
  labels: 1_000,
  /** Rows of one API explanation request. */
  rowsPerRequest: 500,
  /** Columns of a CSV. */
  columns: 10_000,
  /** Characters of a cell (or any piece of a file) quoted in a message. */
  quoted: 80,
  /** Pixels on a side of an image, given or declared by a model. */
  imageSide: 8_192,
  /** Pixels of a model's image input. */
  imagePixels: 40_000_000,
  /** Pixels of an image file, checked from its header before it is decoded. */
  imageFilePixels: 100_000_000,
  /** Features a tabular model may declare (the width of its input). */
  modelFeatures: 100_000,
  /** Characters of one text. */
  textCharacters: 1_000_000,
  /** Tokens of one text sent to a model without a fixed length (a batch of 500 such texts is 128 MiB of ids). */
  tokensPerText: 32_768,
  /** Segments of one image (their ids from 0 to 65,535 in a given segmentation). */
  segments: 65_536,
  /** Samples × features of one text or image neighbourhood (its masks, also its design, take a byte a cell). */
  neighbourhoodCells: 50_000_000,
} as const;

/** Refuses a text or image neighbourhood too large to hold, before its buffers are allocated. */
export function checkNeighbourhood(samples: number, features: number, what: string): void {
  if (samples * features > LIMITS.neighbourhoodCells) {
    throw new WorkbenchError(
      'invalid-input',
      `${what}: expected at most ${LIMITS.neighbourhoodCells} samples × features, found ${samples} samples × ${features} features (ask for fewer samples)`,
    );
  }
}

/** A piece of untrusted input for a message: at most LIMITS.quoted characters, with the length of the rest. */
export function quote(text: string): string {
  return text.length <= LIMITS.quoted ? `"${text}"` : `"${text.slice(0, LIMITS.quoted)}…" (${text.length} characters)`;
}

/** What an explanation request says about labels (checked against the model it is for) and a sample guarantee. */
export interface LabelRequest {
  labels?: number[] | null;
  topLabels?: number | null;
  method?: string;
  featureSelection?: string;
  guarantee?: { confidence: number; maxSamples: number; timeBudgetMs: number | null } | null;
}

/**
 * The cross-field rules of an explanation request, written once for the command line, the API and the
 * worker: labels and top labels are for classifiers, one or the other, within the model's classes. Each
 * message names the field as both call it (`labels (--labels)`).
 */
export function validateExplainRequest(
  request: LabelRequest,
  model: { task: 'classification' | 'regression'; classNames: string[] | null; path: string },
): void {
  const labels = request.labels ?? null;
  const topLabels = request.topLabels ?? null;
  const bad = (message: string) => new WorkbenchError('invalid-argument', message);
  if (model.task === 'regression' && (labels !== null || topLabels !== null)) {
    throw bad(
      `${labels !== null ? 'labels (--labels)' : 'topLabels (--top-labels)'}: expected a classifier, found a regression model (${model.path})`,
    );
  }
  if (labels !== null && topLabels !== null)
    throw bad('labels and topLabels (--labels and --top-labels): expected one of them, found both');
  const classes = model.classNames?.length ?? null;
  if (labels !== null) {
    if (labels.length === 0) throw bad('labels (--labels): expected class indices such as 0,1, found none');
    const outside = labels.find((l) => !Number.isInteger(l) || l < 0 || (classes !== null && l >= classes));
    if (outside !== undefined)
      throw bad(
        `labels (--labels): expected class indices from 0 to ${classes === null ? '…' : classes - 1}${classes === null ? '' : ` (the model has ${classes} classes)`}, found ${outside}`,
      );
    if (new Set(labels).size !== labels.length)
      throw bad(`labels (--labels): expected each class once, found ${labels.join(',')}`);
  }
  if (topLabels !== null && classes !== null && topLabels > classes)
    throw bad(`topLabels (--top-labels): expected at most ${classes} (the model's classes), found ${topLabels}`);
  if (request.guarantee) validateGuarantee(request);
}

/** A sample guarantee tests LIME's forward selection: not KernelSHAP, not another selection. */
function validateGuarantee(request: LabelRequest): void {
  const bad = (message: string) => new WorkbenchError('invalid-argument', message);
  const g = request.guarantee!;
  if (request.method === 'kernel-shap')
    throw bad(
      'numSamples "auto" (--num-samples auto): expected method lime or both (the guarantee is about LIME\'s selection), found kernel-shap',
    );
  const selection = request.featureSelection ?? 'auto';
  if (selection !== 'auto' && selection !== 'forward-selection')
    throw bad(
      `featureSelection (--feature-selection): expected auto or forward-selection with numSamples "auto" (the guarantee tests forward selection's steps), found ${selection}`,
    );
  if (!(g.confidence >= 0.5 && g.confidence < 1))
    throw bad(`confidence (--confidence): expected a number from 0.5 to below 1, such as 0.95, found ${g.confidence}`);
  if (!Number.isInteger(g.maxSamples) || g.maxSamples < 2 || g.maxSamples > LIMITS.numSamples)
    throw bad(
      `maxSamples (--max-samples): expected a whole number from 2 to ${LIMITS.numSamples}, found ${g.maxSamples}`,
    );
  if (g.timeBudgetMs !== null && !(g.timeBudgetMs > 0))
    throw bad(`timeBudgetMs (--time-budget): expected a positive duration such as 2s, found ${g.timeBudgetMs}`);
}
