import {
  addressChangeDeadline,
  eligibilityForPermit,
  eligibilityForRegistration,
  eligibilityForRenewal,
  proxyRule,
  type ProxyActor,
} from '../../src/domain/eligibility';
import { getPolicy } from '../../src/domain/policies';
import { CHINESE } from './helpers';

const shanghai = getPolicy('shanghai');
const chengdu = getPolicy('chengdu');
const codes = (e: ReturnType<typeof eligibilityForPermit>) => (e.eligible ? [] : e.reasons.map((r) => r.code));

describe('permit: six months after registration', () => {
  const working = { occupation: 'employed' as const, hasStableResidence: true };
  it.each([
    ['2026-03-15', '2026-09-14', false, '2026-09-15'],
    ['2026-03-15', '2026-09-15', true, undefined],
    ['2026-08-31', '2027-02-27', false, '2027-02-28'],
    ['2026-08-31', '2027-02-28', true, undefined],
    ['2027-08-31', '2028-02-28', false, '2028-02-29'],
    ['2027-08-31', '2028-02-29', true, undefined],
    ['2028-02-29', '2028-08-28', false, '2028-08-29'],
    ['2028-02-29', '2028-08-29', true, undefined],
    ['2026-01-31', '2026-07-30', false, '2026-07-31'],
  ])('registered %s, on %s eligible=%s (earliest %s)', (registeredOn, today, ok, earliest) => {
    const e = eligibilityForPermit(shanghai, { ...working, registeredOn }, today);
    expect(e.eligible).toBe(ok);
    if (!e.eligible) {
      expect(e.earliestDate).toBe(earliest);
      expect(e.reasons[0].code).toBe('registrationTooRecent');
      expect(e.reasons[0].message).toContain(`${Number(earliest!.slice(5, 7))}月${Number(earliest!.slice(8))}日`);
    }
  });

  it('tells someone never registered to register first', () => {
    const e = eligibilityForPermit(shanghai, working, '2026-11-22');
    expect(codes(e)).toEqual(['notRegistered']);
    expect(e.eligible === false && e.reasons[0].message).toMatch(/居住登记.*6个月/);
  });

  it.each([
    ['abc', 'registeredOn.invalid'],
    ['2026-02-30', 'registeredOn.invalid'],
    ['2026-12-01', 'registeredOn.future'],
  ])('refuses the registration date %s', (registeredOn, code) => {
    expect(codes(eligibilityForPermit(shanghai, { ...working, registeredOn }, '2026-11-22'))).toEqual([code]);
  });
});

describe('permit: conditions per city', () => {
  const today = '2026-11-22';
  const registeredOn = '2026-01-01';
  it.each([
    [shanghai, { occupation: 'employed', hasStableResidence: true }, []],
    [shanghai, { occupation: 'student', hasStableResidence: true }, []],
    [shanghai, { occupation: 'investor', hasStableResidence: true }, []],
    [shanghai, { occupation: 'none', hasStableResidence: true }, ['condition.anyOf']],
    [shanghai, { occupation: 'employed', hasStableResidence: false }, ['condition.legalResidence']],
    [shanghai, { occupation: 'employed' }, ['condition.legalResidence']],
    [chengdu, { occupation: 'none', hasStableResidence: true }, []],
    [chengdu, { occupation: 'student', hasStableResidence: false }, []],
    [chengdu, { occupation: 'none', hasStableResidence: false }, ['condition.anyOf']],
  ] as const)('%#: %o → %j', (policy, s, expected) => {
    expect(codes(eligibilityForPermit(policy, { ...s, registeredOn }, today))).toEqual(expected);
  });

  it('reports both the waiting time and a missing condition, with the earliest date', () => {
    const e = eligibilityForPermit(
      shanghai,
      { registeredOn: '2026-10-01', occupation: 'none', hasStableResidence: true },
      today,
    );
    expect(codes(e)).toEqual(['registrationTooRecent', 'condition.anyOf']);
    expect(e.eligible === false && e.earliestDate).toBe('2027-04-01');
  });
});

describe('renewal window (30 days before expiry)', () => {
  const expiresOn = '2026-06-30';
  it.each([
    ['2026-05-30', 'tooEarly', '31 days before'],
    ['2026-05-31', 'ok', '30 days before'],
    ['2026-06-29', 'ok', '1 day before'],
    ['2026-06-30', 'ok', 'the expiry day'],
    ['2026-07-01', 'expired', 'the day after'],
  ])('on %s: %s (%s)', (today, outcome) => {
    const e = eligibilityForRenewal(shanghai, { expiresOn }, today);
    if (outcome === 'ok') expect(e).toEqual({ eligible: true });
    if (outcome === 'tooEarly')
      expect(e).toMatchObject({ eligible: false, earliestDate: '2026-05-31', reasons: [{ code: 'renewalTooEarly' }] });
    if (outcome === 'expired') {
      expect(e).toMatchObject({ eligible: false, reasons: [{ code: 'expired' }] });
      expect(e.eligible === false && e.reasons[0].message).toMatch(/重新办理居住登记.*半年/);
      // Audit row 21: the source says "通常"; no absolute "不能再签注".
      expect(e.eligible === false && e.reasons[0].message).toContain('通常');
      expect(e.eligible === false && e.reasons[0].message).not.toContain('不能再签注');
    }
  });

  it('says the sources state no window for a city without one, and still refuses an expired card', () => {
    const inside = eligibilityForRenewal(chengdu, { expiresOn }, '2026-01-01');
    expect(inside.eligible).toBe(true);
    expect(inside.eligible && inside.notes?.[0]).toMatch(/没有说明成都/);
    const expired = eligibilityForRenewal(chengdu, { expiresOn }, '2026-07-01');
    expect(expired).toMatchObject({ eligible: false, reasons: [{ code: 'expired' }] });
    expect(expired.eligible === false && expired.reasons[0].message).toMatch(/没有说明成都/);
  });

  it('refuses an unreadable or impossible expiry date', () => {
    expect(eligibilityForRenewal(shanghai, { expiresOn: '2026-06-31' }, '2026-06-01')).toMatchObject({
      eligible: false,
      reasons: [{ code: 'expiresOn.invalid' }],
    });
    expect(eligibilityForRenewal(shanghai, { expiresOn: '6月30日' }, '2026-06-01')).toMatchObject({
      eligible: false,
      reasons: [{ code: 'expiresOn.invalid' }],
    });
  });
});

describe('registration', () => {
  const fine = { propertyUse: 'residential' as const, hasPropertyProof: true, livesInCity: true };
  it.each([
    [{}, []],
    [{ propertyUse: 'commercial' }, ['commercialProperty']],
    [{ hasPropertyProof: false }, ['noPropertyProof']],
    [{ livesInCity: false }, ['notLivingInCity']],
    [
      { propertyUse: 'commercial', hasPropertyProof: false, livesInCity: false },
      ['commercialProperty', 'noPropertyProof', 'notLivingInCity'],
    ],
  ] as const)('Shanghai %o → %j', (change, expected) => {
    const e = eligibilityForRegistration(shanghai, { ...fine, ...change });
    expect(e.eligible ? [] : e.reasons.map((r) => r.code)).toEqual(expected);
    if (!e.eligible) for (const r of e.reasons) expect(r.message).toMatch(CHINESE);
  });

  it('does not invent a refusal Chengdu documents do not state, but says so', () => {
    const e = eligibilityForRegistration(chengdu, { ...fine, propertyUse: 'commercial' });
    expect(e.eligible).toBe(true);
    expect(e.eligible && e.notes).toEqual([expect.stringMatching(/没有说明成都.*商业/)]);
  });
});

describe('address change deadline (30 days)', () => {
  it('is 30 days after the move and overdue the day after', () => {
    const d = addressChangeDeadline(shanghai, '2026-05-01')!;
    expect(d.deadline).toBe('2026-05-31');
    expect(d.overdue('2026-05-31')).toBe(false);
    expect(d.overdue('2026-06-01')).toBe(true);
  });
  it('is undefined where the sources give no deadline', () => {
    expect(addressChangeDeadline(chengdu, '2026-05-01')).toBeUndefined();
  });
});

describe('who may act for the applicant', () => {
  // Audit row 5: 65+ alone is not enough; the elderly person must have difficulty getting about (000).
  it.each<[number, boolean, boolean, ProxyActor, string | string[]]>([
    [15, false, false, 'guardian', ['监护人的居民身份证复印件（核验原件）', '监护关系证明（出生医学证明）']],
    [15, false, false, 'self', 'proxy.minorNeedsGuardian'],
    [15, false, false, 'closeRelative', 'proxy.minorNeedsGuardian'],
    [16, false, false, 'self', []],
    [16, false, false, 'guardian', 'proxy.inPersonOnly'],
    [64, false, true, 'closeRelative', 'proxy.inPersonOnly'],
    [64, false, false, 'self', []],
    [65, false, true, 'closeRelative', ['受托人的居民身份证复印件（核验原件）', '委托书']],
    [76, false, false, 'closeRelative', 'proxy.inPersonOnly'],
    [65, false, true, 'other', 'proxy.closeRelativeOnly'],
    [65, false, false, 'self', []],
    [40, true, false, 'closeRelative', ['受托人的居民身份证复印件（核验原件）', '委托书', '残疾人证']],
    [40, true, false, 'other', 'proxy.closeRelativeOnly'],
    [80, true, false, 'closeRelative', ['受托人的居民身份证复印件（核验原件）', '委托书', '残疾人证']],
  ])(
    'age %i disabled=%s limitedMobility=%s acting: %s → %j',
    (applicantAge, disabled, limitedMobility, actor, expected) => {
      const r = proxyRule(shanghai, { applicantAge, disabled, limitedMobility, actor });
      if (Array.isArray(expected)) {
        expect(r.ok && r.value.materials).toEqual(expected);
        // A close relative acts at a service centre, as the source says.
        if (actor === 'closeRelative') expect(r.ok && r.value.place).toBe('全市任一社区事务受理服务中心');
      } else {
        expect(r.ok).toBe(false);
        if (!r.ok) {
          expect(r.problems[0].code).toBe(expected);
          expect(r.problems[0].message).toMatch(CHINESE);
        }
      }
    },
  );

  it('tells a relative of a 76-year-old who gets about fine that only those with limited mobility may be represented', () => {
    const r = proxyRule(shanghai, { applicantAge: 76, disabled: false, actor: 'closeRelative' });
    expect(!r.ok && r.problems[0].message).toContain(
      '只有行动不便的65周岁及以上老人或残疾人才能由近亲属代办（办理地点：全市任一社区事务受理服务中心）',
    );
  });

  it('says the sources are silent for a city without proxy rules', () => {
    const r = proxyRule(chengdu, { applicantAge: 70, disabled: false, actor: 'closeRelative' });
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'proxy.unknown' }] });
    expect(!r.ok && r.problems[0].message).toMatch(/没有说明成都/);
  });

  it.each([-1, 1.5, NaN, 200])('refuses the impossible age %d', (applicantAge) => {
    expect(proxyRule(shanghai, { applicantAge, disabled: false, actor: 'self' })).toMatchObject({
      ok: false,
      problems: [{ code: 'applicantAge.invalid' }],
    });
  });
});
