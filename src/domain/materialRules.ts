import type { CityPolicy } from './policies';

/**
 * A city's rules for one uploaded material, from its policy data only. What a source states as a
 * requirement refuses the file; what it gives as an example or a usual case ("通常", "如") only advises.
 * A city whose sources give no format or size (Chengdu: "符合系统规定") gets neither. The system's own
 * safety limits (type by content, pixel bombs) are the channels' job, before anything is stored.
 */
export type MaterialKind = 'photo' | 'document';

export interface FileFacts {
  contentType: string;
  size: number;
  width?: number;
  height?: number;
}

export type Finding =
  | { code: 'photoTooSmall'; width: number; height: number }
  | { code: 'photoAspect'; width: number; height: number; requiredWidth: number; requiredHeight: number }
  | { code: 'photoPixels'; width: number; height: number; requiredWidth: number; requiredHeight: number }
  | { code: 'formatNotNamed'; format: string; named: string[] }
  | { code: 'sizeAboveExample'; sizeMb: number; examplesMb: number[] };

export interface MaterialVerdict {
  refusals: Finding[];
  advice: Finding[];
}

const FORMAT_OF: Record<string, string> = {
  'image/jpeg': 'JPG',
  'image/png': 'PNG',
  'image/webp': 'WEBP',
  'image/gif': 'GIF',
};

/**
 * The system's own floor, whatever the city states: an image whose shorter side is under this many pixels
 * cannot show a face a reviewer can check (a thumbnail or an icon sent by mistake), so it is refused.
 */
const MIN_PHOTO_SIDE_PX = 150;

/** How far a photo's aspect may differ from the stated size and still be scaled to it exactly. */
const ASPECT_TOLERANCE = 0.02;

export function checkMaterialFile(policy: CityPolicy, kind: MaterialKind, facts: FileFacts): MaterialVerdict {
  const verdict: MaterialVerdict = { refusals: [], advice: [] };
  const named = policy.upload.formats?.value;
  const format = FORMAT_OF[facts.contentType] ?? facts.contentType;
  // Shanghai's guide: JPG and PNG "等" (and the like), usually: a hint, not a list of the only ones.
  if (named && !named.includes(format as 'JPG' | 'PNG')) verdict.advice.push({ code: 'formatNotNamed', format, named });
  // Shanghai's guide: an upper limit "such as 2 MB or 5 MB", deferring to the system's prompt.
  const examples = policy.upload.maxSizeMb?.value;
  if (examples && examples.length > 0) {
    const sizeMb = facts.size / 1024 / 1024;
    if (sizeMb > Math.min(...examples))
      verdict.advice.push({ code: 'sizeAboveExample', sizeMb: Math.round(sizeMb * 10) / 10, examplesMb: examples });
  }
  if (kind === 'photo' && facts.width && facts.height && Math.min(facts.width, facts.height) < MIN_PHOTO_SIDE_PX) {
    verdict.refusals.push({ code: 'photoTooSmall', width: facts.width, height: facts.height });
    return verdict;
  }
  const w = policy.photo.widthPx?.value;
  const h = policy.photo.heightPx?.value;
  if (kind === 'photo' && w && h && facts.width && facts.height && (facts.width !== w || facts.height !== h)) {
    const finding = {
      width: facts.width,
      height: facts.height,
      requiredWidth: w,
      requiredHeight: h,
    };
    const off = Math.abs(facts.width / facts.height - w / h) / (w / h);
    // The stated size (Shanghai 358×441): a photo of another shape cannot become it without cutting the
    // portrait, so it is refused; the right shape at another size scales exactly, so it is advice.
    if (off > ASPECT_TOLERANCE) verdict.refusals.push({ code: 'photoAspect', ...finding });
    else verdict.advice.push({ code: 'photoPixels', ...finding });
  }
  return verdict;
}
