import { addDays, assertIsoDate, type IsoDate } from './dates';

/**
 * Working days on the mainland calendar: weekends are off, public holidays (国庆, 春节, ...) are off, and
 * adjusted weekends (调休) are working days. The holiday data is the one kept in the chinese-days
 * package (updated from the State Council's yearly announcement). We read its data file rather than
 * call isWorkday/findWorkday because those format dates in the process's local time zone and return
 * the wrong day on servers west of UTC (checked with TZ=America/Los_Angeles: 2026-09-30 + 1 working
 * day came out as 2026-10-07, a National Day holiday). For years the data does not cover yet, only
 * weekends count as days off, so far-off due dates are an estimate.
 */
type HolidayData = { holidays: Record<string, string>; workdays: Record<string, string> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const data = require('chinese-days/dist/chinese-days.json') as HolidayData;

const LAST_COVERED_YEAR = Math.max(...Object.keys(data.holidays).map((d) => Number(d.slice(0, 4))));

/** Whether the holiday data covers this year (later years count weekends only). */
export function calendarCoversYear(year: number): boolean {
  return year <= LAST_COVERED_YEAR;
}

export function isWorkingDay(date: IsoDate): boolean {
  assertIsoDate(date);
  if (data.workdays[date]) return true;
  if (data.holidays[date]) return false;
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday >= 1 && weekday <= 5;
}

/**
 * The n-th working day after `date`: the day itself does not count, because a request received on a
 * working day is handled from the next one. n = 0 gives `date` itself.
 */
export function addWorkingDays(date: IsoDate, n: number): IsoDate {
  assertIsoDate(date);
  if (!Number.isInteger(n) || n < 0 || n > 3660)
    throw new RangeError(`working days must be a whole number from 0 to 3660, got ${n}`);
  let d = date;
  for (let left = n; left > 0;) {
    d = addDays(d, 1);
    if (isWorkingDay(d)) left--;
  }
  return d;
}

/** Working days in (from, to]; addWorkingDays(d, n) is the earliest date with workingDaysBetween(d, it) = n. */
export function workingDaysBetween(from: IsoDate, to: IsoDate): number {
  assertIsoDate(from, 'from');
  assertIsoDate(to, 'to');
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d)) count++;
  return count;
}
