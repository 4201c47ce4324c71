import { addWorkingDays, isWorkingDay, workingDaysBetween } from '../../src/domain/calendar';
import { addDays, addMonths, daysBetween, parseResidentDate, todayIn } from '../../src/domain/dates';
import { CHINESE } from './helpers';

describe('addMonths clamps to the end of shorter months', () => {
  it.each([
    ['2026-03-15', 6, '2026-09-15'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2026-01-31', 1, '2026-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2028-02-29', 6, '2028-08-29'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2026-07-31', 6, '2027-01-31'],
    ['2026-12-15', 1, '2027-01-15'],
    ['2026-03-31', -1, '2026-02-28'],
  ])('%s + %i months = %s', (date, n, expected) => {
    expect(addMonths(date, n)).toBe(expected);
  });
});

describe('addDays and daysBetween', () => {
  it.each([
    ['2028-02-28', 1, '2028-02-29'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2026-06-30', -30, '2026-05-31'],
  ])('%s + %i days = %s', (date, n, expected) => {
    expect(addDays(date, n)).toBe(expected);
    expect(daysBetween(date, expected)).toBe(n);
  });
  it.each([['2026-02-30'], ['2026-13-01'], ['26-1-1'], ['']])('refuses the non-date %j with a clear error', (bad) => {
    expect(() => addDays(bad, 1)).toThrow(RangeError);
    expect(() => addMonths(bad, 1)).toThrow(/YYYY-MM-DD/);
  });
});

describe('todayIn uses the calendar date in Asia/Shanghai', () => {
  it.each([
    ['2026-09-30T15:59:59Z', '2026-09-30'],
    ['2026-09-30T16:00:00Z', '2026-10-01'],
    ['2026-12-31T20:00:00Z', '2027-01-01'],
  ])('%s is %s in Shanghai', (instant, date) => {
    expect(todayIn({ now: () => new Date(instant) })).toBe(date);
  });
});

describe('parseResidentDate', () => {
  const today = '2026-11-22';
  it.each([
    ['2026-05-01', '2026-05-01'],
    ['2026/5/1', '2026-05-01'],
    ['2026.5.1', '2026-05-01'],
    ['20260501', '2026-05-01'],
    ['2026年5月1日', '2026-05-01'],
    ['2026 年 5 月 1 号', '2026-05-01'],
    ['２０２６年５月１日', '2026-05-01'],
    ['5月1日', '2026-05-01'],
    ['12月31号', '2026-12-31'],
    ['今天', '2026-11-22'],
    ['昨天', '2026-11-21'],
    ['明天', '2026-11-23'],
    ['2028年2月29日', '2028-02-29'],
  ])('reads %s as %s', (text, expected) => {
    expect(parseResidentDate(text, today)).toEqual({ ok: true, value: expected });
  });
  it.each([
    ['2026年2月30日', 'date.impossible'],
    ['2027-02-29', 'date.impossible'],
    ['13月1日', 'date.impossible'],
    ['下个月', 'date.unreadable'],
    ['abc', 'date.unreadable'],
    ['', 'date.empty'],
    [null as unknown as string, 'date.unreadable'],
  ])('refuses %j with a Chinese message', (text, code) => {
    const r = parseResidentDate(text, today);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0].code).toBe(code);
      expect(r.problems[0].message).toMatch(CHINESE);
    }
  });
});

describe('working days (chinese-days holiday data)', () => {
  it.each([
    ['2026-10-01', false, 'National Day'],
    ['2026-10-10', true, 'adjusted working Saturday after National Day'],
    ['2026-09-20', true, 'adjusted working Sunday'],
    ['2026-02-17', false, 'Spring Festival'],
    ['2026-02-14', true, 'adjusted working Saturday before Spring Festival'],
    ['2026-02-28', true, 'adjusted working Saturday after Spring Festival'],
    ['2026-11-21', false, 'ordinary Saturday'],
    ['2026-11-23', true, 'ordinary Monday'],
  ])('%s working day: %s (%s)', (date, expected) => {
    expect(isWorkingDay(date)).toBe(expected);
  });

  it.each([
    ['2026-09-30', 1, '2026-10-08', 'across the National Day week'],
    ['2026-09-24', 1, '2026-09-28', 'across the Mid-Autumn Friday and a weekend'],
    ['2026-10-09', 1, '2026-10-10', 'onto an adjusted working Saturday'],
    ['2026-10-09', 2, '2026-10-12', 'past the adjusted Saturday'],
    ['2026-02-13', 1, '2026-02-14', 'onto the Saturday worked before Spring Festival'],
    ['2026-02-14', 1, '2026-02-24', 'across the Spring Festival week'],
    ['2025-09-30', 3, '2025-10-11', 'across National Day 2025 onto its working Saturday'],
    ['2026-09-29', 13, '2026-10-22', 'permit review + production across National Day'],
    ['2026-11-20', 2, '2026-11-24', 'over an ordinary weekend'],
    ['2026-11-23', 0, '2026-11-23', 'zero days'],
  ])('%s + %i working days = %s (%s)', (date, n, expected) => {
    expect(addWorkingDays(date, n)).toBe(expected);
    expect(workingDaysBetween(date, expected)).toBe(n);
  });

  it('gives the same due dates on a server west of UTC', () => {
    const saved = process.env.TZ;
    process.env.TZ = 'America/Los_Angeles';
    try {
      expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
      expect(isWorkingDay('2026-10-10')).toBe(true);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('refuses negative or fractional working days', () => {
    expect(() => addWorkingDays('2026-09-30', -1)).toThrow(RangeError);
    expect(() => addWorkingDays('2026-09-30', 1.5)).toThrow(RangeError);
    expect(() => isWorkingDay('2026-9-30')).toThrow(/YYYY-MM-DD/);
  });
});
