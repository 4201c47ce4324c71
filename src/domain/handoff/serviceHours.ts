import { render } from '../../messages';
import { isWorkingDay } from '../calendar';
import { fail, ok, problem, type Result } from '../result';

/**
 * When help-desk staff answer, per city, in Beijing time. Configured as text (SERVICE_HOURS) so an
 * operator can change it without code:
 *
 *   shanghai=workdays 09:00-12:00,13:30-17:30;chengdu=mon-sat 09:00-18:00;*=always
 *
 * Days: `always`, `daily`, `workdays` (mainland working days, holidays and 调休 included), or weekday
 * names and ranges (`mon-fri`, `sat,sun`). `*` is used for a city without its own entry and when the
 * city is unknown. An empty setting means staff are always available.
 */
export type DaySpec =
  { kind: 'always' } | { kind: 'daily' } | { kind: 'workdays' } | { kind: 'weekdays'; days: number[] };

export interface Schedule {
  days: DaySpec;
  /** Minutes after midnight, Beijing time; [start, end). */
  ranges: [number, number][];
  /** The entry as written, for the resident-facing description. */
  source: string;
}

export type ServiceHours = Map<string, Schedule>;

const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
// China has kept UTC+8 without daylight saving since 1991, so a fixed offset is exact.
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export function parseServiceHours(text: string | undefined): Result<ServiceHours> {
  const hours: ServiceHours = new Map();
  if (!text || text.trim() === '') return ok(hours);
  for (const entry of text
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const eq = entry.indexOf('=');
    if (eq <= 0) return fail(problem('serviceHours.entry', `"${entry}" should look like city=mon-fri 09:00-18:00`));
    const city = entry.slice(0, eq).trim().toLowerCase();
    const parsed = parseSchedule(entry.slice(eq + 1).trim());
    if (!parsed.ok) return parsed;
    hours.set(city, parsed.value);
  }
  return ok(hours);
}

function parseSchedule(spec: string): Result<Schedule> {
  const [dayPart, timePart, ...rest] = spec.split(/\s+/);
  if (!dayPart || rest.length > 0) return fail(problem('serviceHours.schedule', `"${spec}": expected days then times`));
  const day = dayPart.toLowerCase();
  if (day === 'always')
    return timePart
      ? fail(problem('serviceHours.schedule', `"${spec}": always takes no times`))
      : ok({ days: { kind: 'always' }, ranges: [[0, 1440]], source: spec });
  let days: DaySpec;
  if (day === 'daily') days = { kind: 'daily' };
  else if (day === 'workdays') days = { kind: 'workdays' };
  else {
    const list = parseWeekdays(day);
    if (!list)
      return fail(problem('serviceHours.days', `"${dayPart}": days are always, daily, workdays or mon-fri style`));
    days = { kind: 'weekdays', days: list };
  }
  if (!timePart) return fail(problem('serviceHours.times', `"${spec}": times missing, e.g. 09:00-18:00`));
  const ranges: [number, number][] = [];
  for (const r of timePart.split(',')) {
    const m = /^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$/.exec(r);
    const start = m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
    const end = m ? Number(m[3]) * 60 + Number(m[4]) : NaN;
    if (!m || Number(m[2]) > 59 || Number(m[4]) > 59 || end > 1440 || start >= end) {
      return fail(problem('serviceHours.times', `"${r}": a time range is HH:MM-HH:MM, start before end`));
    }
    ranges.push([start, end]);
  }
  return ok({ days, ranges, source: spec });
}

function parseWeekdays(text: string): number[] | undefined {
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [a, b] = part.split('-');
    const from = DAY_NAMES.indexOf(a ?? '');
    const to = b === undefined ? from : DAY_NAMES.indexOf(b);
    if (from < 0 || to < 0) return undefined;
    for (let d = from; ; d = (d + 1) % 7) {
      out.add(d);
      if (d === to) break;
    }
  }
  return [...out].sort();
}

export function scheduleFor(hours: ServiceHours, city: string | undefined): Schedule | undefined {
  return (city ? hours.get(city.toLowerCase()) : undefined) ?? hours.get('*');
}

/** Open when no schedule applies: without configuration staff are assumed present. */
export function isOpen(hours: ServiceHours, city: string | undefined, at: Date): boolean {
  const schedule = scheduleFor(hours, city);
  if (!schedule || schedule.days.kind === 'always') return true;
  const local = new Date(at.getTime() + SHANGHAI_OFFSET_MS);
  const isoDate = local.toISOString().slice(0, 10);
  const weekday = local.getUTCDay();
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  const dayOk =
    schedule.days.kind === 'daily' ||
    (schedule.days.kind === 'workdays' && isWorkingDay(isoDate)) ||
    (schedule.days.kind === 'weekdays' && schedule.days.days.includes(weekday));
  return dayOk && schedule.ranges.some(([s, e]) => minute >= s && minute < e);
}

/** "工作日 09:00-12:00、13:30-17:30" for the resident. */
export function describeSchedule(schedule: Schedule | undefined): string {
  if (!schedule || schedule.days.kind === 'always') return render('serviceHours.always');
  const separator = render('list.separator');
  const days =
    schedule.days.kind === 'weekdays'
      ? schedule.days.days.map((d) => render(`serviceHours.day.${DAY_NAMES[d]}`)).join(separator)
      : render(`serviceHours.${schedule.days.kind}`);
  const times = schedule.ranges.map(([s, e]) => `${hhmm(s)}-${hhmm(e)}`).join(separator);
  return `${days} ${times}`;
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
