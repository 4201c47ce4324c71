import { render } from '../messages';
import type { Clock } from './ports';
import { fail, ok, problem, type Result } from './result';
import { toHalfWidth } from './text';

/**
 * Calendar dates as ISO strings (YYYY-MM-DD). Rules count calendar days in Asia/Shanghai, whatever
 * the server's time zone; arithmetic runs on UTC midnights so no DST or local zone can shift a day.
 */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;
/** China has used UTC+8 without daylight saving since 1991, so a fixed offset is exact. */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return y >= 1900 && mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(y, mo);
}

/** Throws for a programming error (a non-date passed between modules); residents' text goes through parseResidentDate. */
export function assertIsoDate(value: unknown, name = 'date'): asserts value is IsoDate {
  if (!isIsoDate(value))
    throw new RangeError(`${name} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

const toUtc = (date: IsoDate): number => Date.parse(`${date}T00:00:00Z`);
const fromUtc = (ms: number): IsoDate => new Date(ms).toISOString().slice(0, 10);
const build = (y: number, m: number, d: number): IsoDate =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/** Today's date in Asia/Shanghai. */
export function todayIn(clock: Clock): IsoDate {
  return fromUtc(clock.now().getTime() + SHANGHAI_OFFSET_MS);
}

export function addDays(date: IsoDate, n: number): IsoDate {
  assertIsoDate(date);
  if (!Number.isInteger(n)) throw new RangeError(`days must be an integer, got ${n}`);
  return fromUtc(toUtc(date) + n * DAY_MS);
}

/**
 * The same day of the month n months later. When the target month is shorter the result is that
 * month's last day: 08-31 + 6 months = 02-28 (02-29 in a leap year), 01-31 + 1 month = 02-28/29.
 * This is the usual convention for periods counted in months (a period "of 6 months" that starts on a
 * day with no counterpart ends on the month's last day), so "registered 6 months" is met on that day.
 */
export function addMonths(date: IsoDate, n: number): IsoDate {
  assertIsoDate(date);
  if (!Number.isInteger(n)) throw new RangeError(`months must be an integer, got ${n}`);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + n;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return build(year, month, Math.min(d, daysInMonth(year, month)));
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  assertIsoDate(a);
  assertIsoDate(b);
  return Math.round((toUtc(b) - toUtc(a)) / DAY_MS);
}

/** Negative, zero or positive like a comparator; ISO dates compare as strings. */
/** 2026年5月1日 — how dates are written to residents. */
export function formatChineseDate(date: IsoDate): string {
  assertIsoDate(date);
  const [y, m, d] = date.split('-').map(Number);
  return render('date.chinese', { year: y, month: m, day: d });
}

const RELATIVE: Record<string, number> = { 今天: 0, 今日: 0, 昨天: -1, 昨日: -1, 前天: -2, 明天: 1, 明日: 1, 后天: 2 };
const FULL = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?$/;
const MONTH_DAY = /^(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*[日号]?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/**
 * Reads a date as residents type it: 2026-05-01, 2026/5/1, 2026.5.1, 20260501, 2026年5月1日 (or 号),
 * full-width digits, 今天/昨天/前天/明天/后天, and 5月1日 without a year, which means that day in the
 * current year (in Asia/Shanghai, `today`). The caller decides whether a past or future date makes sense.
 */
export function parseResidentDate(text: string, today?: IsoDate): Result<IsoDate> {
  const bad = fail(problem('date.unreadable', render('date.unreadable'), 'date'));
  if (typeof text !== 'string') return bad;
  const input = toHalfWidth(text).trim().replace(/\s+/g, ' ');
  if (input === '') return fail(problem('date.empty', render('date.empty'), 'date'));
  const base = today ?? todayIn({ now: () => new Date() });
  if (input in RELATIVE) return ok(addDays(base, RELATIVE[input]));
  let y: number;
  let m: number;
  let d: number;
  const full = FULL.exec(input) ?? COMPACT.exec(input);
  const short = MONTH_DAY.exec(input);
  if (full) [y, m, d] = [Number(full[1]), Number(full[2]), Number(full[3])];
  else if (short) [y, m, d] = [Number(base.slice(0, 4)), Number(short[1]), Number(short[2])];
  else return bad;
  const date = build(y, m, d);
  if (!isIsoDate(date))
    return fail(problem('date.impossible', render('date.impossible', { year: y, month: m, day: d }), 'date'));
  return ok(date);
}
