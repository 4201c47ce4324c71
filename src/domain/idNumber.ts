import { render } from '../messages';
import { isIsoDate, todayIn, type IsoDate } from './dates';
import { systemClock } from './ports';
import { fail, ok, problem, type Result } from './result';
import { toHalfWidth } from './text';

/** The 18-character resident ID number of GB 11643: 6-digit area, 8-digit birth date, 3-digit sequence, check character. */
export type ValidIdNumber = { idNumber: string; birthDate: IsoDate; sex: 'male' | 'female' };

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARS = '10X98765432';

/** The check character (0-9 or X) for the first 17 digits, by the ISO 7064 MOD 11-2 rule of GB 11643. */
export function idCheckCharacter(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/** Trims, drops inner spaces, converts full-width characters and upper-cases the x. */
export function normaliseIdNumber(raw: string): string {
  return toHalfWidth(raw).replace(/\s+/g, '').toUpperCase();
}

/**
 * Validates a resident ID number as typed by a resident. `today` (Asia/Shanghai) bounds the birth
 * date; it defaults to the system clock.
 */
export function validateIdNumber(raw: string, today: IsoDate = todayIn(systemClock)): Result<ValidIdNumber> {
  const field = 'idNumber';
  if (typeof raw !== 'string' || raw.trim() === '')
    return fail(problem('idNumber.empty', render('idNumber.empty'), field));
  const id = normaliseIdNumber(raw);
  if (id.length !== 18)
    return fail(problem('idNumber.length', render('idNumber.length', { length: id.length }), field));
  if (!/^\d{17}[\dX]$/.test(id)) return fail(problem('idNumber.format', render('idNumber.format'), field));
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isIsoDate(birthDate)) return fail(problem('idNumber.birthDate', render('idNumber.birthDate'), field));
  if (birthDate > today) return fail(problem('idNumber.birthDateFuture', render('idNumber.birthDateFuture'), field));
  if (idCheckCharacter(id) !== id[17])
    return fail(problem('idNumber.checkDigit', render('idNumber.checkDigit'), field));
  return ok({ idNumber: id, birthDate, sex: Number(id[16]) % 2 === 1 ? 'male' : 'female' });
}

/** For display and logs: the first and last four characters stay, e.g. 3101**********123X. */
export function maskIdNumber(id: string): string {
  const s = typeof id === 'string' ? normaliseIdNumber(id) : '';
  if (s.length < 10) return '*'.repeat(s.length);
  return `${s.slice(0, 4)}${'*'.repeat(s.length - 8)}${s.slice(-4)}`;
}

/** Full years of age on `today`; someone born on 02-29 turns a year older on 03-01 in common years. */
export function ageOn(birthDate: IsoDate, today: IsoDate): number {
  if (!isIsoDate(birthDate) || !isIsoDate(today))
    throw new RangeError(`ageOn needs two YYYY-MM-DD dates, got ${birthDate} and ${today}`);
  const years = Number(today.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return today.slice(5) >= birthDate.slice(5) ? years : years - 1;
}
