import busboy from 'busboy';
import type { Request } from 'restify';
import { uploadTexts } from '../../dialogs/texts/uploads';
import { HttpError } from '../http/errors';

/**
 * Reads a multipart/form-data body as Web Chat (DirectLineJS) sends it: an "activity" part (JSON) and one
 * "file" part per attachment. busboy enforces the limits while streaming, so an oversized body is cut off
 * at the limit rather than buffered, and a truncated body is an error rather than a short file.
 */
export interface UploadedPart {
  name: string | undefined;
  declaredType: string;
  bytes: Buffer;
}

export interface MultipartForm {
  activity: string | undefined;
  files: UploadedPart[];
}

export interface MultipartLimits {
  maxFileBytes: number;
  maxFiles: number;
}

const ACTIVITY_LIMIT = 64 * 1024;

export function readMultipart(req: Request, limits: MultipartLimits): Promise<MultipartForm> {
  const type = String(req.headers['content-type'] ?? '');
  if (!/^multipart\/form-data\s*;/i.test(type))
    throw new HttpError(415, 'UnsupportedMediaType', 'Content-Type must be multipart/form-data');
  const declared = Number(req.headers['content-length'] ?? NaN);
  const bodyLimit = limits.maxFiles * (limits.maxFileBytes + 4096) + ACTIVITY_LIMIT;
  if (Number.isFinite(declared) && declared > bodyLimit)
    throw new HttpError(413, 'PayloadTooLarge', uploadTexts.tooLarge(Math.floor(limits.maxFileBytes / 1048576)));

  return new Promise<MultipartForm>((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        // Browsers send UTF-8 file names (证件照.jpg); busboy would read them as Latin-1.
        defParamCharset: 'utf8',
        limits: {
          fileSize: limits.maxFileBytes,
          files: limits.maxFiles,
          fields: 4,
          parts: limits.maxFiles + 4,
          fieldSize: ACTIVITY_LIMIT,
          headerPairs: 20,
        },
      });
    } catch {
      return reject(new HttpError(400, 'BadArgument', uploadTexts.badForm));
    }
    const form: MultipartForm = { activity: undefined, files: [] };
    let failed: HttpError | undefined;
    const fail = (e: HttpError) => {
      if (failed) return;
      failed = e;
      req.unpipe(parser);
      // Keep reading (and dropping) the rest so the client gets our answer instead of a reset.
      req.resume();
      reject(e);
    };
    const pending: Promise<void>[] = [];
    parser.on('file', (field, stream, info) => {
      const chunks: Buffer[] = [];
      pending.push(
        new Promise<void>((done) => {
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('error', () => fail(new HttpError(400, 'BadArgument', uploadTexts.badForm)));
          stream.on('limit', () =>
            fail(new HttpError(413, 'FileTooLarge', uploadTexts.tooLarge(Math.floor(limits.maxFileBytes / 1048576)))),
          );
          stream.on('close', () => {
            if (field === 'activity') form.activity = Buffer.concat(chunks).toString('utf8');
            else form.files.push({ name: info.filename, declaredType: info.mimeType, bytes: Buffer.concat(chunks) });
            done();
          });
        }),
      );
    });
    parser.on('field', (field, value, info) => {
      if (info.valueTruncated) fail(new HttpError(413, 'PayloadTooLarge', 'the activity part is too large'));
      else if (field === 'activity') form.activity = value;
    });
    parser.on('filesLimit', () => fail(new HttpError(413, 'TooManyFiles', uploadTexts.tooManyFiles(limits.maxFiles))));
    parser.on('partsLimit', () => fail(new HttpError(413, 'TooManyParts', uploadTexts.tooManyFiles(limits.maxFiles))));
    parser.on('fieldsLimit', () => fail(new HttpError(413, 'TooManyParts', 'too many form fields')));
    parser.on('error', () => fail(new HttpError(400, 'BadArgument', uploadTexts.badForm)));
    parser.on('close', () => {
      void Promise.all(pending).then(() => {
        if (!failed) resolve(form);
      });
    });
    req.on('aborted', () => fail(new HttpError(400, 'BadArgument', uploadTexts.badForm)));
    req.pipe(parser);
  });
}
