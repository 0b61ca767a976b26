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
    // Text and image settings are read by their explainers; kept as given so a profile round-trips.
    text: z.record(z.string(), z.unknown()),
    image: z.record(z.string(), z.unknown()),
  })
  .partial()
  .strict();

export type ProfileOverride = z.infer<typeof profileOverrideSchema>;

/** One-line description of a validation failure: `path: message; …`. */
export function describeIssues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`).join('; ');
}
