import { fileTypeFromBuffer } from 'file-type';
import { imageSize } from 'image-size';
import type { Config } from '../../config';
import { uploadTexts } from '../../dialogs/texts/uploads';

/**
 * The system's own checks on an uploaded file, before it is stored: what it really is (by content, with
 * file-type, never by the name or the declared content-type), that it is a raster image browsers show
 * safely, that its header decodes (image-size) and is complete, that it is not a pixel bomb, and that it
 * carries nothing else (markup, an archive). A city's rules (sizes, Shanghai's photo) are applied later,
 * by the dialog that knows the city and the material; see domain/materialRules.ts.
 */

/** Types staff browsers render inline without running anything. SVG (script), PDF and HEIC are not among them. */
const DISPLAYABLE = new Map([
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
  ['image/webp', 'webp'],
  ['image/gif', 'gif'],
]);

export interface UploadLimits {
  maxBytes: number;
  /** Above this a decoder would need hundreds of MB (a small file can claim 50,000 × 50,000). */
  maxPixels: number;
  maxSide: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxPixels: 40_000_000,
  maxSide: 12_000,
};

/** The system's limits with the configured cap on one file (UPLOAD_MAX_MB). */
export function uploadLimits(config: Pick<Config, 'UPLOAD_MAX_MB'>): UploadLimits {
  return { ...DEFAULT_UPLOAD_LIMITS, maxBytes: config.UPLOAD_MAX_MB * 1024 * 1024 };
}

export type Inspection =
  | { ok: true; contentType: string; ext: string; width: number; height: number }
  | { ok: false; status: 413 | 415 | 422; code: string; reason: string };

// Markup a browser or an interpreter would act on, anywhere in the bytes (SVG/HTML/PHP polyglots).
const MARKUP = [/<script/i, /<html/i, /<svg/i, /<\?php/i, /<!doctype/i, /<iframe/i, /javascript:/i, /<body/i];
// Another container appended after the image's end (ZIP/JAR, PDF, RAR, 7z polyglots).
const TRAILERS = [
  Buffer.from('PK\x03\x04', 'latin1'),
  Buffer.from('%PDF', 'latin1'),
  Buffer.from('Rar!', 'latin1'),
  Buffer.from([0x37, 0x7a, 0xbc, 0xaf]),
];

const refuse = (status: 413 | 415 | 422, code: string, reason: string): Inspection => ({
  ok: false,
  status,
  code,
  reason,
});

/** Where the image data ends (after PNG's IEND chunk or JPEG's last EOI marker), or -1 when it never does. */
function imageEnd(bytes: Buffer, ext: string): number {
  if (ext === 'png') {
    const at = bytes.lastIndexOf(Buffer.from('IEND', 'latin1'));
    return at < 0 ? -1 : at + 8; // type (4) + CRC (4)
  }
  if (ext === 'jpg') {
    const at = bytes.lastIndexOf(Buffer.from([0xff, 0xd9]));
    return at < 0 ? -1 : at + 2;
  }
  return bytes.length;
}

export async function inspectUpload(bytes: Buffer, limits: UploadLimits = DEFAULT_UPLOAD_LIMITS): Promise<Inspection> {
  if (bytes.length === 0) return refuse(422, 'EmptyFile', uploadTexts.empty);
  if (bytes.length > limits.maxBytes)
    return refuse(413, 'FileTooLarge', uploadTexts.tooLarge(Math.floor(limits.maxBytes / 1024 / 1024)));
  const sniffed = await fileTypeFromBuffer(bytes);
  if (!sniffed) return refuse(415, 'NotAnImage', uploadTexts.notImage);
  const ext = DISPLAYABLE.get(sniffed.mime);
  if (!ext) {
    return refuse(
      415,
      'UnsupportedType',
      sniffed.mime.startsWith('image/')
        ? uploadTexts.unsupportedImage(sniffed.ext.toUpperCase())
        : uploadTexts.notImage,
    );
  }
  let width: number;
  let height: number;
  try {
    const size = imageSize(bytes);
    width = size.width;
    height = size.height;
  } catch {
    return refuse(422, 'BrokenImage', uploadTexts.broken);
  }
  if (!(width > 0 && height > 0)) return refuse(422, 'BrokenImage', uploadTexts.broken);
  if (width > limits.maxSide || height > limits.maxSide || width * height > limits.maxPixels)
    return refuse(422, 'TooManyPixels', uploadTexts.tooManyPixels(width, height));
  const end = imageEnd(bytes, ext);
  if (end < 0) return refuse(422, 'BrokenImage', uploadTexts.broken);
  const text = bytes.toString('latin1');
  if (MARKUP.some((m) => m.test(text))) return refuse(422, 'HiddenContent', uploadTexts.hiddenContent);
  const trailer = bytes.subarray(end);
  if (TRAILERS.some((t) => trailer.includes(t))) return refuse(422, 'HiddenContent', uploadTexts.hiddenContent);
  return { ok: true, contentType: sniffed.mime, ext, width, height };
}

/** A display name from a client's file name: no path, no control or bidi characters, bounded. */
export function cleanFileName(name: string | undefined, ext: string): string {
  const base = (name ?? '')
    .split(/[\\/]/)
    .pop()!
    // eslint-disable-next-line no-control-regex
    .replace(/[\u0000-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069"<>]/g, '')
    .trim()
    .slice(0, 100);
  const stem = base.replace(/\.[^.]*$/, '') || 'upload';
  return `${stem}.${ext}`;
}
