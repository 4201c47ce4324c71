import { z } from 'zod';

/**
 * What a Direct Line client may send. Only the fields a chat client needs are kept; identity fields
 * (from, recipient, conversation, id, timestamp) are always set by the server, never trusted.
 */
const userId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:-]+$/, 'user id may hold letters, digits and _ . : - only')
  .refine((v) => !v.startsWith('dl_'), 'user ids starting with dl_ are reserved by Web Chat');

export const startRequestSchema = z
  .object({
    user: z.object({ id: userId.optional(), name: z.string().max(100).optional() }).optional(),
    locale: z.string().max(20).optional(),
  })
  .optional();

export const inboundActivitySchema = z.object({
  type: z.enum(['message', 'typing', 'event']),
  text: z.string().max(4000).optional(),
  textFormat: z.enum(['plain', 'markdown', 'xml']).optional(),
  locale: z.string().max(20).optional(),
  localTimestamp: z.string().max(40).optional(),
  localTimezone: z.string().max(60).optional(),
  name: z.string().max(200).optional(),
  value: z.unknown().optional(),
  channelData: z.record(z.string(), z.unknown()).optional(),
  attachments: z
    .array(
      z.object({
        contentType: z.string().max(200),
        contentUrl: z.string().max(2000).optional(),
        content: z.unknown().optional(),
        name: z.string().max(200).optional(),
      }),
    )
    .max(10)
    .optional(),
  entities: z.array(z.record(z.string(), z.unknown())).max(20).optional(),
  from: z
    .object({ id: z.string().max(200).optional(), name: z.string().max(100).optional() })
    .passthrough()
    .optional(),
});

export type InboundActivity = z.infer<typeof inboundActivitySchema>;

/** The watermark we hand out is a decimal sequence number; the client sends it back verbatim. */
export const watermarkSchema = z
  .string()
  .regex(/^\d{0,12}$/, 'watermark is not one this server issued')
  .optional()
  .transform((v) => (v === undefined || v === '' ? 0 : Number(v)));

/** Conversation ids are ours (random, URL-safe); anything else cannot exist. */
export const conversationIdSchema = z.string().regex(/^[A-Za-z0-9_-]{16,64}$/);

/** Short, readable reason from a zod error. */
export function reasonOf(error: z.ZodError): string {
  return error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join('.') || 'body'}: ${i.message}`)
    .join('; ');
}
