import { ageOn, idCheckCharacter, maskIdNumber, validateIdNumber } from '../../src/domain/idNumber';
import { maskPhone, validateMobile } from '../../src/domain/phone';
import { CHINESE, makeId } from './helpers';

const TODAY = '2026-11-22';

describe('validateIdNumber', () => {
  const valid = makeId('19900307', '123'); // sequence digit 3 is odd → male
  it.each([
    ['a well-known sample number', '11010519491231002X', '1949-12-31', 'female'],
    ['a generated number', valid, '1990-03-07', 'male'],
    ['lower-case x and spaces around', ' 11010519491231002x ', '1949-12-31', 'female'],
    ['full-width digits', '１１０１０５１９４９１２３１００２Ｘ', '1949-12-31', 'female'],
    ['a leap day birth date', makeId('20000229'), '2000-02-29', 'male'],
    ['born today', makeId('20261122', '124'), '2026-11-22', 'female'],
  ])('accepts %s', (_name, raw, birthDate, sex) => {
    const r = validateIdNumber(raw, TODAY);
    expect(r).toEqual({
      ok: true,
      value: { idNumber: expect.stringMatching(/^\d{17}[\dX]$/) as unknown, birthDate, sex },
    });
  });

  const wrongCheck = (id: string) => id.slice(0, 17) + (id[17] === '0' ? '1' : '0');
  it.each([
    ['a wrong check digit', wrongCheck(valid), 'idNumber.checkDigit'],
    ['17 characters', valid.slice(0, 17), 'idNumber.length'],
    ['19 characters', valid + '1', 'idNumber.length'],
    ['15-digit old-style number', '310101900307123', 'idNumber.length'],
    ['letters inside', '3101011990A307123X', 'idNumber.format'],
    ['February 30', makeId('19900230'), 'idNumber.birthDate'],
    ['month 13', makeId('19901301'), 'idNumber.birthDate'],
    ['29 February in a common year', makeId('20010229'), 'idNumber.birthDate'],
    ['year 1850', makeId('18500101'), 'idNumber.birthDate'],
    ['a birth date tomorrow', makeId('20261123'), 'idNumber.birthDateFuture'],
    ['an empty string', '   ', 'idNumber.empty'],
    ['not a string', 12345 as unknown as string, 'idNumber.empty'],
  ])('refuses %s with a Chinese explanation', (_name, raw, code) => {
    const r = validateIdNumber(raw, TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems[0].code).toBe(code);
    expect(r.problems[0].message).toMatch(CHINESE);
    expect(r.problems[0].field).toBe('idNumber');
  });

  it('computes the GB 11643 check character', () => {
    expect(idCheckCharacter('11010519491231002')).toBe('X');
  });
});

describe('maskIdNumber and ageOn', () => {
  it('keeps only the first and last four characters', () => {
    expect(maskIdNumber('310101199003071234')).toBe('3101**********1234');
    expect(maskIdNumber('11010519491231002x')).toBe('1101**********002X');
    expect(maskIdNumber('123')).toBe('***');
  });
  it.each([
    ['2010-11-22', '2026-11-22', 16],
    ['2010-11-23', '2026-11-22', 15],
    ['1961-11-22', '2026-11-22', 65],
    ['1961-11-23', '2026-11-22', 64],
    ['2000-02-29', '2027-02-28', 26],
    ['2000-02-29', '2027-03-01', 27],
  ])('born %s is on %s aged %i', (birth, today, age) => {
    expect(ageOn(birth, today)).toBe(age);
  });
  it('throws a clear error for a non-date', () => {
    expect(() => ageOn('1990-02-30', TODAY)).toThrow(/YYYY-MM-DD/);
  });
});

describe('validateMobile', () => {
  it.each([
    ['13800138000', '13800138000'],
    ['138 0013 8000', '13800138000'],
    ['138-0013-8000', '13800138000'],
    ['+86 138 0013 8000', '13800138000'],
    ['008613800138000', '13800138000'],
    ['１３８００１３８０００', '13800138000'],
  ])('accepts %s', (raw, expected) => {
    expect(validateMobile(raw)).toEqual({ ok: true, value: expected });
  });
  it.each([
    ['1380013800', 'phone.length'],
    ['23800138000', 'phone.notMobile'],
    ['12800138000', 'phone.notMobile'],
    ['021-12345678', 'phone.notMobile'],
    ['1380013800a', 'phone.format'],
    ['', 'phone.empty'],
  ])('refuses %s', (raw, code) => {
    const r = validateMobile(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.problems[0].code).toBe(code);
      expect(r.problems[0].message).toMatch(CHINESE);
    }
  });
  it('masks the middle four digits', () => {
    expect(maskPhone('13800138000')).toBe('138****8000');
  });
});
