import { describeSchedule, isOpen, parseServiceHours, scheduleFor } from '../../../src/domain/handoff/serviceHours';

const hours = (text: string) => {
  const r = parseServiceHours(text);
  if (!r.ok) throw new Error(r.problems[0].message);
  return r.value;
};
const beijing = (local: string) => new Date(`${local}+08:00`);

describe('service hours in Beijing time', () => {
  const h = hours('shanghai=workdays 09:00-12:00,13:30-17:30;chengdu=mon-sat 09:00-18:00');

  it.each([
    ['shanghai', '2026-06-15T09:00', true],
    ['shanghai', '2026-06-15T08:59', false],
    ['shanghai', '2026-06-15T12:30', false],
    ['shanghai', '2026-06-15T17:29', true],
    ['shanghai', '2026-06-15T17:30', false],
    ['shanghai', '2026-10-01T10:00', false], // National Day holiday
    ['shanghai', '2026-06-13T10:00', false], // Saturday
    ['chengdu', '2026-06-13T10:00', true],
    ['chengdu', '2026-06-14T10:00', false], // Sunday
  ])('%s at %s open=%s', (city, local, open) => {
    expect(isOpen(h, city, beijing(local))).toBe(open);
  });

  it('does not depend on the server time zone: 01:30 UTC is 09:30 in Beijing', () => {
    expect(isOpen(h, 'shanghai', new Date('2026-06-15T01:30:00Z'))).toBe(true);
  });

  it('is always open without configuration or for a city without an entry and no default', () => {
    expect(isOpen(hours(''), 'shanghai', beijing('2026-06-14T03:00'))).toBe(true);
    expect(isOpen(h, 'beijing', beijing('2026-06-14T03:00'))).toBe(true);
    expect(isOpen(hours('*=daily 08:00-20:00'), undefined, beijing('2026-06-14T21:00'))).toBe(false);
  });

  it('describes the hours for residents', () => {
    expect(describeSchedule(scheduleFor(h, 'shanghai'))).toBe('工作日（节假日除外） 09:00-12:00、13:30-17:30');
    expect(describeSchedule(scheduleFor(h, 'chengdu'))).toBe('周一、周二、周三、周四、周五、周六 09:00-18:00');
  });

  it.each([
    'shanghai',
    'shanghai=mon-fri',
    'shanghai=funday 09:00-18:00',
    'shanghai=mon-fri 18:00-09:00',
    'x=daily 09:00-25:00',
    'x=always 09:00-10:00',
  ])('rejects "%s"', (text) => {
    expect(parseServiceHours(text).ok).toBe(false);
  });
});
