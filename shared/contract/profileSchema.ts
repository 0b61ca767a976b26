import { z } from 'zod';

/**
 * A model profile file as a user writes it (CLI.md "Model profile"): every field optional, since a
 * profile given with --profile overrides the inferred one field by field.
 */
export const profileOverrideSchema = z
  .object({
    modality: z.enum(['tabular', 'text', 'image']),
    task: z.enum(['classification', 'regression']),
    classNames: z.array(z.string()).min(1).nullable(),
    output: z.string().min(1),
    outputKind: z.enum(['probabilities', 'logits', 'value']),
    tabular: z
      .object({
        featureNames: z.array(z.string().min(1)).nullable(),
        categorical: z.array(z.string().min(1)),
      })
      .partial()
      .strict(),
    text: z
      .object({
        tokenizer: z.discriminatedUnion('type', [
          z
            .object({
              type: z.literal('regex-vocab'),
              pattern: z.string().min(1),
              lowercase: z.boolean().default(true),
              /** A path (relative to the profile file), `metadata:KEY` (a list in the model's metadata), or the list. */
              vocab: z.union([z.string().min(1), z.array(z.string())]),
              idOffset: z.number().int().default(0),
              padId: z.number().int().default(0),
              oov: z.union([z.literal('drop'), z.number().int()]).default('drop'),
              maxLength: z.number().int().positive().optional(),
            })
            .strict(),
          z
            .object({
              type: z.literal('huggingface'),
              file: z.string().min(1),
              config: z.string().min(1).optional(),
              maxLength: z.number().int().positive().optional(),
            })
            .strict(),
          z.object({ type: z.literal('string') }).strict(),
        ]),
        split: z.string().min(1),
        bow: z.boolean(),
        charLevel: z.boolean(),
        batchSize: z.number().int().positive(),
      })
      .partial()
      .strict(),
    image: z
      .object({
        width: z.number().int().positive(),
        height: z.number().int().positive(),
        channels: z.union([z.literal(1), z.literal(3)]),
        layout: z.enum(['NCHW', 'NHWC']),
        scale: z.number().positive(),
        mean: z.array(z.number()).min(1),
        std: z.array(z.number().positive()).min(1),
        resize: z
          .object({ fit: z.enum(['fill', 'cover']), kernel: z.enum(['nearest', 'linear', 'cubic', 'lanczos3']) })
          .strict(),
      })
      .partial()
      .strict(),
  })
  .partial()
  .strict();

export type ProfileOverride = z.infer<typeof profileOverrideSchema>;

/** One-line description of a validation failure: `path: message; …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}
