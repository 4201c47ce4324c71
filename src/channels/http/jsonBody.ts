import type { Request } from 'restify';
import { HttpError } from './errors';

/** Chat messages are short and attachments are not uploaded here, so 64 KB is generous. */
export const MAX_BODY_BYTES = 64 * 1024;
/**
 * No request of ours nests more than a handful of levels; far deeper input (10,000 levels) overflows the
 * stack of recursive walks (JSON.stringify, zod, the stores). 1,024 keeps event values that worked before.
 */
const MAX_JSON_DEPTH = 1024;
/** An escape \udXXX for a surrogate, not preceded by an escaped backslash. */
const LONE_SURROGATE = /(?<!\\)((?:\\\\)*)\\ud[89a-f][0-9a-f]{2}/i;
const LONE_SURROGATE_ALL = new RegExp(LONE_SURROGATE.source, 'gi');

/**
 * Reads and parses a JSON request body with a hard size limit. We read the stream ourselves rather
 * than use restify's bodyParser so every failure gets our short JSON reason and the limit holds even
 * when a client lies about Content-Length.
 */
export async function readJsonBody(
  req: Request,
  options: { optional?: boolean; limit?: number } = {},
): Promise<unknown> {
  const limit = options.limit ?? MAX_BODY_BYTES;
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > limit) throw tooLarge(limit);
  const raw = await readRaw(req, limit);
  if (raw.length === 0) {
    if (options.optional) return undefined;
    throw new HttpError(400, 'BadArgument', 'request body is empty; a JSON object is expected');
  }
  const type = String(req.headers['content-type'] ?? '')
    .split(';')[0]
    .trim()
    .toLowerCase();
  if (type !== 'application/json' && !type.endsWith('+json')) {
    throw new HttpError(415, 'UnsupportedMediaType', 'Content-Type must be application/json');
  }
  const text = raw.toString('utf8');
  if (nestingDepth(text) > MAX_JSON_DEPTH)
    throw new HttpError(400, 'BadArgument', `request body nests deeper than ${MAX_JSON_DEPTH} levels`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'BadArgument', 'request body is not valid JSON');
  }
  // No store keeps NUL (PostgreSQL text cannot): refuse it here rather than fail later at the write.
  const json = JSON.stringify(parsed);
  if (json.includes('\\u0000'))
    throw new HttpError(400, 'BadArgument', 'request body must not contain the NUL character');
  // JSON.stringify writes a lone UTF-16 surrogate (half a character, from "\ud800" in the body) as an
  // escape and a valid pair as is. PostgreSQL's json type rejects lone ones, so a message would be
  // accepted and then never stored: they become U+FFFD here, in every string and key.
  if (LONE_SURROGATE.test(json)) return JSON.parse(json.replace(LONE_SURROGATE_ALL, '$1\\ufffd')) as unknown;
  return parsed;
}

/** The deepest nesting of [ and { outside strings: one pass, no recursion, so any input is safe. */
function nestingDepth(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) max = Math.max(max, ++depth);
    else if (c === 0x5d || c === 0x7d) depth--;
  }
  return max;
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'PayloadTooLarge', `request body is larger than ${limit} bytes`);
}

function readRaw(req: Request, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (err?: Error, value?: Buffer): void => {
      if (done) return;
      done = true;
      if (err) {
        // Stop reading but let the response go out: the socket is closed after the answer.
        req.removeAllListeners('data');
        req.resume();
        reject(err);
      } else resolve(value!);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish(tooLarge(limit));
      else chunks.push(chunk);
    });
    req.on('end', () => finish(undefined, Buffer.concat(chunks)));
    req.on('error', () => finish(new HttpError(400, 'BadArgument', 'request body could not be read')));
  });
}
