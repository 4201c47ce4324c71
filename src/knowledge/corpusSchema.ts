import { z } from 'zod';
import { SOURCE_FILE } from '../domain/policies';

/** The intent catalogue (corpus/intents.json) and the content files beside it, validated at load. */
export const intentKindSchema = z.enum(['faq', 'procedure', 'handoff', 'greeting', 'thanks', 'outOfScope']);

export const catalogueSchema = z.object({
  $comment: z.string().optional(),
  intents: z
    .array(
      z.object({
        intent: z.string().regex(/^[a-z]+\.[a-zA-Z]+$/, 'intent names look like "faq.postalDelivery"'),
        kind: intentKindSchema,
        title: z.string().min(1),
        covers: z.string().min(1),
      }),
    )
    .min(1),
});
export type Catalogue = z.infer<typeof catalogueSchema>;

export const answerSchema = z.object({
  /** A city id from the policy data, or "any" when the answer holds for every city. */
  city: z.string().regex(/^[a-z]+$/),
  text: z.string().min(1),
  /** Required for faq answers (checked by the loader); a greeting rests on no document. */
  sources: z
    .array(z.string().regex(SOURCE_FILE, 'a source is a seed file name such as 000_1d6aa793aa3d65e2.txt'))
    .default([]),
});

export const contentFileSchema = z.object({
  $comment: z.string().optional(),
  entries: z
    .array(
      z.object({
        intent: z.string().min(1),
        answers: z.array(answerSchema).default([]),
        utterances: z.array(z.string().trim().min(1)).min(20, 'each intent needs at least 20 training utterances'),
      }),
    )
    .min(1),
});
