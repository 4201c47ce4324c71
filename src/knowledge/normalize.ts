import * as OpenCC from 'opencc-js/t2cn';
import { z } from 'zod';
import lexiconJson from './lexicon/lexicon.json';

/**
 * Input normalisation shared by training and prediction, so both see the same text: Traditional →
 * Simplified (opencc-js), full-width → half-width, lower case, English keywords → the Chinese term
 * the corpus uses, typos/homophones → canonical words. Punctuation becomes spaces.
 */
const lexiconSchema = z.object({
  english: z.record(z.string(), z.string()),
  variants: z.record(z.string(), z.string()),
  terms: z.array(z.string().min(1)),
  questionCues: z.array(z.string().min(1)),
  actionCues: z.array(z.string().min(1)),
  fillers: z.array(z.string().min(1)),
  otherCities: z.array(z.string().min(1)),
});
export const lexicon = lexiconSchema.parse(lexiconJson);

// opencc-js's bundled declarations resolve under tsc but not under typescript-eslint's project service
// (it reports their types as unresolved): the converter's type is stated once here.
/** Traditional → Simplified (opencc-js, mainland variants), nothing else changed. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-assignment
export const toSimplified: (text: string) => string = OpenCC.Converter({ from: 't', to: 'cn' });

// Longest phrase first, so "residence permit" wins over "permit".
const englishEntries = Object.entries(lexicon.english).sort((a, b) => b[0].length - a[0].length);
const englishPattern = new RegExp(
  `(?<![a-z])(${englishEntries.map(([k]) => k.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ /g, '\\s+')).join('|')})(?![a-z])`,
  'g',
);
const englishMap = new Map(englishEntries.map(([k, v]) => [k, v]));
const variantEntries = Object.entries(lexicon.variants).sort((a, b) => b[0].length - a[0].length);

// Anything that is not a letter or digit separates features (CJK punctuation included, as a class).
const PUNCTUATION = /[^\p{L}\p{N}]+/gu;

function toHalfWidth(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

export function normalizeText(raw: string): string {
  let text = toHalfWidth(toSimplified(raw.normalize('NFKC'))).toLowerCase();
  text = text.replace(englishPattern, (m) => ` ${englishMap.get(m.replace(/\s+/g, ' ')) ?? m} `);
  for (const [from, to] of variantEntries) if (text.includes(from)) text = text.split(from).join(to);
  return text.replace(PUNCTUATION, ' ').replace(/\s+/g, ' ').trim();
}
