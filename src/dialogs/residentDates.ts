import { daysInMonth, formatChineseDate, parseResidentDate, type IsoDate } from '../domain/dates';
import type { Result } from '../domain/result';
import { toHalfWidth } from '../domain/text';

/**
 * Dates as residents say them in chat, read on top of the domain's parseResidentDate: 去年3月5号,
 * 上个月15号, 下个月底, 三月一号, 2025.3 and 2025年3月 (a month without a day). A month alone is read as its
 * last day, and the resident is told which day was assumed. `past`: a day without a year that has
 * not come yet this year means last year ("11月20日" said in May).
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

/** 十二 → 12, 二十一 → 21, 三十 → 30 (months and days only). */
function chineseNumber(s: string): number | undefined {
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

export function readResidentDate(text: string, today: IsoDate, past = false): Result<ResidentDate> {
  const [ty, tm] = [Number(today.slice(0, 4)), Number(today.slice(5, 7))];
  let t = toHalfWidth(text ?? '')
    .replace(/\s+/g, '')
    .replace(/大概|大约|差不多|左右|的时候|那天|那一天|应该是|好像是|是在|在|吧|的?样子/g, '')
    .replace(/[。.]$/, '');
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
