import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addWorkingDays, calendarCoversYear } from '../../src/domain/calendar';
import { getPolicy } from '../../src/domain/policies';
import { expectedMilestones } from '../../src/domain/submission';
import { HolidayFileError, holidayDir, loadHolidayYears, readHolidayYears } from '../../src/storage/holidayYears';

/**
 * An operator adds a year's official holiday list as DATA_DIR/holidays/<year>.json, without a code change
 * (audit row 9). The year here is a made-up test list, not a real announcement.
 */
const year2031 = {
  year: 2031,
  source: '测试用的节假日安排（不是真实通知）',
  holidays: ['2031-10-01', '2031-10-02', '2031-10-03', '2031-10-06', '2031-10-07'],
  workdays: ['2031-09-28'],
};

function dataDirWith(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'banshi-holidays-'));
  fs.mkdirSync(holidayDir(dir));
  for (const [name, body] of Object.entries(files))
    fs.writeFileSync(path.join(holidayDir(dir), name), typeof body === 'string' ? body : JSON.stringify(body));
  return dir;
}

describe('holiday years added by an operator', () => {
  it('a missing folder adds nothing; dates past the packaged data stay provisional', () => {
    expect(readHolidayYears(path.join(os.tmpdir(), 'no-such-banshi-dir'))).toEqual([]);
    expect(calendarCoversYear(2031)).toBe(false);
    const [review] = expectedMilestones(getPolicy('shanghai'), 'permit', '2031-09-30');
    expect(review.provisional).toBe(true);
  });

  it.each([
    ['not JSON', '{"year": 2031,', /2031\.json: not valid JSON/],
    ['a weekday made a working day', { ...year2031, workdays: ['2031-09-29'] }, /2031-09-29 is a weekday/],
    ['a date outside the year', { ...year2031, holidays: ['2032-01-01'] }, /2032-01-01 is not in 2031/],
    ['no source', { ...year2031, source: '' }, /source/],
    ['an unknown field', { ...year2031, extra: 1 }, /extra|Unrecognized/i],
  ])('refuses a file with %s, naming the file', (_what, body, reason) => {
    const dir = dataDirWith({ '2031.json': body });
    expect(() => loadHolidayYears(dir)).toThrow(HolidayFileError);
    expect(() => loadHolidayYears(dir)).toThrow(reason);
    expect(calendarCoversYear(2031)).toBe(false);
  });

  it('refuses two files for one year', () => {
    const dir = dataDirWith({ 'a.json': year2031, 'b.json': year2031 });
    expect(() => loadHolidayYears(dir)).toThrow(/b\.json: year 2031 is already given by .*a\.json/);
  });

  it('counts the added year: holidays are off, a 调休 Sunday works, and the dates are no longer provisional', () => {
    expect(addWorkingDays('2031-09-30', 1)).toBe('2031-10-01'); // weekends only, before the file
    expect(loadHolidayYears(dataDirWith({ '2031.json': year2031 }))).toEqual([2031]);
    expect(calendarCoversYear(2031)).toBe(true);
    expect(addWorkingDays('2031-09-30', 1)).toBe('2031-10-08');
    expect(addWorkingDays('2031-09-26', 1)).toBe('2031-09-28');
    const [review] = expectedMilestones(getPolicy('shanghai'), 'permit', '2031-09-30');
    expect(review).toMatchObject({ code: 'review', provisional: false });
  });
});
