import { render } from '../messages';
import { fail, ok, problem, type Result } from './result';
import { toHalfWidth } from './text';

/**
 * Mainland mobile numbers: 11 digits starting with 1 and a second digit 3-9. Residents write them with
 * spaces, dashes, brackets or a +86 / 0086 prefix; all of that is accepted and removed.
 */
export function validateMobile(raw: string): Result<string> {
  const field = 'phone';
  if (typeof raw !== 'string' || raw.trim() === '') return fail(problem('phone.empty', render('phone.empty'), field));
  let digits = toHalfWidth(raw).replace(/[\s\-()（）]/g, '');
  digits = digits.replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  if (!/^\d+$/.test(digits)) return fail(problem('phone.format', render('phone.format'), field));
  if (digits.length !== 11)
    return fail(problem('phone.length', render('phone.length', { length: digits.length }), field));
  if (!/^1[3-9]\d{9}$/.test(digits)) return fail(problem('phone.notMobile', render('phone.notMobile'), field));
  return ok(digits);
}

/** 138****5678: first three and last four digits stay. */
export function maskPhone(phone: string): string {
  const s = typeof phone === 'string' ? phone.replace(/\D/g, '') : '';
  if (s.length < 8) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}
