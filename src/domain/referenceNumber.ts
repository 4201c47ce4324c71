import { randomInt } from 'node:crypto';
import { assertIsoDate, type IsoDate } from './dates';
import { getPolicy } from './policies';
import { toHalfWidth } from './text';

/**
 * Reference numbers: city prefix, submission date, 8 random characters, e.g. SH-20261122-7K3QX9PA.
 * The alphabet has 32 symbols without 0/O and 1/I, so read-aloud or handwritten numbers are not
 * misread; 8 symbols carry 40 random bits, so a number cannot be guessed from another one.
 */
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZ';
const RANDOM_LENGTH = 8;
export const REFERENCE_NUMBER = /^[A-Z]{2,4}-\d{8}-[2-9A-HJ-NP-Z]{8}$/;

export function randomReferencePart(): string {
  let s = '';
  for (let i = 0; i < RANDOM_LENGTH; i++) s += REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)];
  return s;
}

/** The policy's referencePrefix, or the first two letters of the city id. */
export function referencePrefix(cityId: string): string {
  const policy = getPolicy(cityId);
  return policy.referencePrefix ?? policy.id.slice(0, 2).toUpperCase();
}

export function newReferenceNumber(cityId: string, date: IsoDate, random: () => string = randomReferencePart): string {
  assertIsoDate(date);
  const part = random();
  if (part.length !== RANDOM_LENGTH || [...part].some((c) => !REFERENCE_ALPHABET.includes(c))) {
    throw new RangeError(`random part must be ${RANDOM_LENGTH} characters from ${REFERENCE_ALPHABET}`);
  }
  return `${referencePrefix(cityId)}-${date.replace(/-/g, '')}-${part}`;
}

/** What residents type back (lower case, spaces, full-width, no dashes) made comparable; undefined if it cannot be one. */
export function normaliseReferenceNumber(text: string): string | undefined {
  if (typeof text !== 'string') return undefined;
  const s = toHalfWidth(text).toUpperCase().replace(/\s+/g, '').replace(/[—–_]/g, '-');
  const m = /^([A-Z]{2,4})-?(\d{8})-?([0-9A-Z]{8})$/.exec(s);
  if (!m) return undefined;
  const candidate = `${m[1]}-${m[2]}-${m[3]}`;
  return REFERENCE_NUMBER.test(candidate) ? candidate : undefined;
}
