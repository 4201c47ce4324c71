import { daysInMonth, formatChineseDate, parseResidentDate, type IsoDate } from '../domain/dates';
import type { Result } from '../domain/result';
import { toHalfWidth } from '../domain/text';

/**
 * Dates as residents say them in chat, read on top of the domain's parseResidentDate: 去年3月5号,
 * 上个月15号, 下个月底, 三月一号, 2025.3 and 2025年3月 (a month without a day). A month alone is read as its
 * last day, and the resident is told which day was assumed. Counted dates too: 三个月前, 10天后, 两周前,
 * 半年前. A day without a year is read by what is asked (audit B3): `past` (a registration or moving
 * date) takes the last such day, `future` (an expiry date) the next one, unless the resident says it
 * already happened ("11月2号过期的").
 */
export interface ResidentDate {
  date: IsoDate;
  /** Set when a day was assumed, to tell the resident. */
  assumed?: string;
}

const DIGITS: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** 十二 → 12, 二十一 → 21, 三十 → 30, 两 → 2, digits as they are (months, days, list positions). */
export function chineseNumber(s: string): number | undefined {
  if (/^\d+$/.test(s)) return Number(s);
  const m = /^([一二两三]?)(十?)([一二三四五六七八九]?)$/.exec(s);
  if (!m || s === '') return undefined;
  if (!m[2]) return m[1] || !m[3] ? (m[1] ? DIGITS[m[1]] : undefined) : DIGITS[m[3]];
  return (m[1] ? DIGITS[m[1]] : 1) * 10 + (m[3] ? DIGITS[m[3]] : 0);
}

const NUM = '(\\d{1,2}|[一二两三四五六七八九十]{1,3})';
const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number): string => `${y}-${pad(m)}-${pad(d)}`;

function shiftMonth(y: number, m: number, by: number): [number, number] {
  const index = y * 12 + (m - 1) + by;
  return [Math.floor(index / 12), (index % 12) + 1];
}

/** A failed parse keeps the domain's reason; a parse that succeeded here is not expected. */
function failed(r: Result<IsoDate>): Result<ResidentDate> {
  return r.ok ? { ok: true, value: { date: r.value } } : r;
}

/** Which way a date without a year leans: the last such day, the next one, or this year's. */
export type DateLean = 'past' | 'future' | 'thisYear';

const COUNTED = new RegExp(
  `^(\\d{1,3}|[一二两三四五六七八九十]{1,3}|半)(天|日|周|个?星期|个?礼拜|个?月|年)(?:以|之)?(前|后)$`,
);

/** 三个月前, 10天后, 两周前, 半年前: a count of days, weeks, months or years from today. */
function countedDate(t: string, today: IsoDate): IsoDate | undefined {
  const m = COUNTED.exec(t);
  if (!m) return undefined;
  const unit = m[2].replace(/^个/, '');
  const half = m[1] === '半';
  if (half && unit !== '年' && unit !== '月') return undefined;
  const n = half ? 0.5 : chineseNumber(m[1]);
  if (n === undefined) return undefined;
  const sign = m[3] === '前' ? -1 : 1;
  const d = new Date(`${today}T00:00:00Z`);
  if (unit === '天' || unit === '日' || unit === '周' || unit.endsWith('星期') || unit.endsWith('礼拜')) {
    const days = unit === '天' || unit === '日' ? n : n * 7;
    d.setUTCDate(d.getUTCDate() + sign * days);
    return d.toISOString().slice(0, 10);
  }
  const months = sign * (unit === '年' ? n * 12 : n);
  const [y, mo] = shiftMonth(d.getUTCFullYear(), d.getUTCMonth() + 1, months);
  return iso(y, mo, Math.min(d.getUTCDate(), daysInMonth(y, mo)));
}

export function readResidentDate(text: string, today: IsoDate, lean: DateLean = 'thisYear'): Result<ResidentDate> {
  const [ty, tm] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  let t = toHalfWidth(text ?? '')
    .replace(/\s+/g, '')
    .replace(/[。.!！]$/, '');
  // "11月2号过期的", "上个月就到期了": the resident says it is behind us, whatever was asked.
  const happened = /过期|到期了|已经到期/.test(t);
  const past = lean === 'past' || happened;
  const future = lean === 'future' && !happened;
  t = t
    .replace(/(?:已经|就)?(?:过期|到期|登记|办理?|搬家?|搬过来|搬进来|住进来)(?:了|的)*$/, '')
    .replace(/^(?:是|我是|我)/, '')
    .replace(/大概|大约|差不多|左右|的时候|那天|那一天|应该是|好像是|是在|在|吧|的?样子/g, '')
    .replace(/的$/, '');
  const counted = countedDate(t, today);
  if (counted) return { ok: true, value: { date: counted } };
  t = t
    .replace(/^今年/, `${ty}年`)
    .replace(/^去年/, `${ty - 1}年`)
    .replace(/^前年/, `${ty - 2}年`)
    .replace(/^明年/, `${ty + 1}年`);
  const rel = /^(上个?月|这个?月|本月|下个?月)/.exec(t);
  if (rel) {
    const by = rel[1].startsWith('上') ? -1 : rel[1].startsWith('下') ? 1 : 0;
    const [y, m] = shiftMonth(ty, tm, by);
    t = `${y}年${m}月${t.slice(rel[1].length)}`;
  }
  // Year (optional), month, then a day, 初/底/末, or nothing.
  const parts = new RegExp(
    `^(?:(\\d{4})[年./-])?${NUM}(?:月份?|[./-](?=\\d)|(?=$))(?:${NUM}[日号]?|(初|底|末))?$`,
  ).exec(t);
  if (parts && (parts[1] || t.includes('月'))) {
    const month = chineseNumber(parts[2]);
    const day = parts[3] ? chineseNumber(parts[3]) : undefined;
    if (month === undefined || month < 1 || month > 12 || (parts[3] && day === undefined))
      return failed(parseResidentDate(text, today));
    let year = parts[1] ? Number(parts[1]) : ty;
    const dayOf = (y: number) => day ?? (parts[4] === '初' ? 1 : daysInMonth(y, month));
    if (past && !parts[1] && iso(year, month, day ?? 1) > today) year -= 1;
    if (future && !parts[1] && iso(year, month, day ?? daysInMonth(year, month)) < today) year += 1;
    let date = iso(year, month, Math.min(dayOf(year), 31));
    const monthOnly = day === undefined && parts[4] === undefined;
    if (monthOnly && past && date > today) date = today;
    const checked = parseResidentDate(date, today);
    if (!checked.ok)
      return failed(day !== undefined ? parseResidentDate(`${year}年${month}月${day}日`, today) : checked);
    return {
      ok: true,
      value: { date: checked.value, ...(monthOnly ? { assumed: formatChineseDate(checked.value) } : {}) },
    };
  }
  const plain = parseResidentDate(t, today);
  if (!plain.ok) return failed(parseResidentDate(text, today));
  return { ok: true, value: { date: plain.value } };
}
