import { fail, ok, problem, type Result } from './result';
import { toHalfWidth } from './text';

/**
 * Mainland mobile numbers: 11 digits starting with 1 and a second digit 3-9. Residents write them with
 * spaces, dashes, brackets or a +86 / 0086 prefix; all of that is accepted and removed.
 */
export function validateMobile(raw: string): Result<string> {
  const field = 'phone';
  if (typeof raw !== 'string' || raw.trim() === '') return fail(problem('phone.empty', '请输入11位手机号码。', field));
  let digits = toHalfWidth(raw).replace(/[\s\-()（）]/g, '');
  digits = digits.replace(/^(\+86|0086|86)(?=1\d{10}$)/, '');
  if (!/^\d+$/.test(digits)) return fail(problem('phone.format', '手机号码只能包含数字，请重新输入。', field));
  if (digits.length !== 11)
    return fail(problem('phone.length', `手机号码应为11位，您输入的是${digits.length}位。请核对后重新输入。`, field));
  if (!/^1[3-9]\d{9}$/.test(digits))
    return fail(problem('phone.notMobile', '这不是有效的手机号码，请输入以1开头的11位大陆手机号。', field));
  return ok(digits);
}

/** 138****5678: first three and last four digits stay. */
export function maskPhone(phone: string): string {
  const s = typeof phone === 'string' ? phone.replace(/\D/g, '') : '';
  if (s.length < 8) return '*'.repeat(s.length);
  return `${s.slice(0, 3)}${'*'.repeat(s.length - 7)}${s.slice(-4)}`;
}
