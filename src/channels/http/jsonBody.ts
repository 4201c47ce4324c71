import type { Request } from 'restify';
import { HttpError } from './errors';

/** Chat messages are short and attachments are not uploaded here, so 64 KB is generous. */
export const MAX_BODY_BYTES = 64 * 1024;

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
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'BadArgument', 'request body is not valid JSON');
  }
  // No store keeps NUL (PostgreSQL text cannot): refuse it here rather than fail later at the write.
  if (JSON.stringify(parsed).includes('\\u0000'))
    throw new HttpError(400, 'BadArgument', 'request body must not contain the NUL character');
  return parsed;
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
