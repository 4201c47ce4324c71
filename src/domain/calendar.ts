import { z } from 'zod';
import { addDays, assertIsoDate, type IsoDate } from './dates';

/**
 * Working days on the mainland calendar: weekends are off, public holidays (国庆, 春节, ...) are off, and
 * adjusted weekends (调休) are working days. The holiday data is the one kept in the chinese-days
 * package (updated from the State Council's yearly announcement). We read its data file rather than
 * call isWorkday/findWorkday because those format dates in the process's local time zone and return
 * the wrong day on servers west of UTC (checked with TZ=America/Los_Angeles: 2026-09-30 + 1 working
 * day came out as 2026-10-07, a National Day holiday). For years the data does not cover yet, only
 * weekends count as days off, so far-off due dates are an estimate, until an operator adds the year's
 * official list as a data file (see addHolidayYears).
 */
type HolidayData = { holidays: Record<string, string>; workdays: Record<string, string> };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const packaged = require('chinese-days/dist/chinese-days.json') as HolidayData;

const isoDay = z.iso.date();
/**
 * One year's official holiday list, added by an operator as a data file when the State Council
 * publishes it and before chinese-days ships it: the days off (法定节假日) and the weekend days made
 * working days (调休上班). `source` names the announcement, as every policy fact names its document.
 */
export const holidayYearSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    source: z.string().trim().min(1),
    holidays: z.array(isoDay).min(1),
    workdays: z.array(isoDay),
  })
  .strict()
  .superRefine((y, ctx) => {
    const all = [
      ...y.holidays.map((d) => ['holidays', d] as const),
      ...y.workdays.map((d) => ['workdays', d] as const),
    ];
    for (const [list, d] of all)
      if (Number(d.slice(0, 4)) !== y.year)
        ctx.addIssue({ code: 'custom', path: [list], message: `${d} is not in ${y.year}` });
    for (const d of y.workdays) {
      if (y.holidays.includes(d))
        ctx.addIssue({ code: 'custom', path: ['workdays'], message: `${d} is both a holiday and a working day` });
      const weekday = new Date(`${d}T00:00:00Z`).getUTCDay();
      if (weekday !== 0 && weekday !== 6)
        ctx.addIssue({
          code: 'custom',
          path: ['workdays'],
          message: `${d} is a weekday; only a weekend day can be made a working day`,
        });
    }
  });
export type HolidayYear = z.infer<typeof holidayYearSchema>;

/** The packaged data, with operator years laid over it (an operator's year replaces the package's). */
const data: HolidayData = { holidays: { ...packaged.holidays }, workdays: { ...packaged.workdays } };
const yearsIn = (d: HolidayData) => Object.keys(d.holidays).map((k) => Number(k.slice(0, 4)));
const PACKAGED_LAST_YEAR = Math.max(...yearsIn(packaged));
const operatorYears = new Set<number>();

/**
 * Adds official holiday years (already validated with holidayYearSchema) to the calendar. Called once
 * at start-up with the operator's files (src/storage/holidayYears.ts); returns the years now covered.
 */
export function addHolidayYears(years: readonly HolidayYear[]): number[] {
  for (const y of years) {
    const prefix = `${y.year}-`;
    for (const table of [data.holidays, data.workdays])
      for (const key of Object.keys(table)) if (key.startsWith(prefix)) delete table[key];
    for (const d of y.holidays) data.holidays[d] = y.source;
    for (const d of y.workdays) data.workdays[d] = y.source;
    operatorYears.add(y.year);
  }
  return [...operatorYears].sort();
}

/** Whether the holiday data covers this year (later years count weekends only). */
export function calendarCoversYear(year: number): boolean {
  return year <= PACKAGED_LAST_YEAR || operatorYears.has(year);
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
