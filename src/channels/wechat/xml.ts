import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { z } from 'zod';

/** WeChat's XML envelope: parsing inbound messages and building passive replies (reference §2, §3, §5). */

export class WeChatXmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeChatXmlError';
  }
}

// Tag values stay strings: a MsgId is 64-bit and would lose digits as a number.
const parser = new XMLParser({
  parseTagValue: false,
  trimValues: false,
  ignoreAttributes: true,
  processEntities: true,
  htmlEntities: false,
});

/** The flat fields of a `<xml>` document (WeChat messages have no nesting we use). */
export function parseXmlFields(xml: string): Record<string, string> {
  if (xml.length === 0 || XMLValidator.validate(xml) !== true) throw new WeChatXmlError('body is not well-formed XML');
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch {
    throw new WeChatXmlError('body is not well-formed XML');
  }
  const root = (doc as Record<string, unknown>)?.xml;
  if (root === null || typeof root !== 'object') throw new WeChatXmlError('body has no <xml> root');
  const fields: Record<string, string> = {};
  for (const [name, value] of Object.entries(root as Record<string, unknown>)) {
    if (name !== '#text' && typeof value === 'string') fields[name] = value;
  }
  return fields;
}

const trimmed = z.string().trim();
const optionalTrimmed = trimmed.optional();

// OpenIDs and account ids are short and printable; they become stored keys, which cannot hold NUL.
const accountId = trimmed
  .min(1)
  .max(128)
  .regex(/^\P{Cc}+$/u);

export const inboundMessageSchema = z.object({
  ToUserName: accountId,
  FromUserName: accountId,
  CreateTime: trimmed.regex(/^\d{1,12}$/, 'CreateTime must be Unix seconds'),
  MsgType: trimmed.min(1),
  MsgId: optionalTrimmed,
  Content: z.string().optional(),
  PicUrl: optionalTrimmed,
  MediaId: optionalTrimmed,
  Format: optionalTrimmed,
  Recognition: z.string().optional(),
  Location_X: optionalTrimmed,
  Location_Y: optionalTrimmed,
  Scale: optionalTrimmed,
  Label: z.string().optional(),
  Event: optionalTrimmed,
  EventKey: z.string().optional(),
});

export type InboundMessage = z.infer<typeof inboundMessageSchema>;

export function parseInboundMessage(xml: string): InboundMessage {
  const parsed = inboundMessageSchema.safeParse(parseXmlFields(xml));
  if (!parsed.success) {
    throw new WeChatXmlError(
      `message is missing fields: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
    );
  }
  return parsed.data;
}

/** CDATA cannot contain "]]>": end the section between "]]" and ">" and open a new one. */
export function cdata(text: string): string {
  return `<![CDATA[${text.split(']]>').join(']]]]><![CDATA[>')}]]>`;
}

export interface TextReply {
  toUser: string;
  fromUser: string;
  /** Unix seconds. */
  createTime: number;
  content: string;
}

export function buildTextReply(reply: TextReply): string {
  return (
    `<xml><ToUserName>${cdata(reply.toUser)}</ToUserName><FromUserName>${cdata(reply.fromUser)}</FromUserName>` +
    `<CreateTime>${Math.floor(reply.createTime)}</CreateTime><MsgType>${cdata('text')}</MsgType>` +
    `<Content>${cdata(reply.content)}</Content></xml>`
  );
}

export interface EncryptedEnvelope {
  encrypt: string;
  signature: string;
  timestamp: string;
  nonce: string;
}

export function buildEncryptedReply(envelope: EncryptedEnvelope): string {
  return (
    `<xml><Encrypt>${cdata(envelope.encrypt)}</Encrypt><MsgSignature>${cdata(envelope.signature)}</MsgSignature>` +
    `<TimeStamp>${envelope.timestamp}</TimeStamp><Nonce>${cdata(envelope.nonce)}</Nonce></xml>`
  );
}
