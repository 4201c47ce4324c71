import { addDays, addMonths, assertIsoDate, formatChineseDate, isIsoDate, type IsoDate } from './dates';
import type { CityPolicy, ConditionId } from './policies/schema';
import { render } from '../messages';
import { fail, ok, problem, type Problem, type Result } from './result';

/**
 * Who may do what and when, from a city's policy data and today's date (Asia/Shanghai). Reasons are
 * written for residents. A rule the city's documents do not state is never enforced: the answer then
 * carries a note saying the sources are silent, so the resident can ask the office.
 */
export type Eligibility =
  { eligible: true; notes?: string[] } | { eligible: false; reasons: Problem[]; earliestDate?: string };

const eligible = (notes: string[]): Eligibility => (notes.length > 0 ? { eligible: true, notes } : { eligible: true });
/** The note for a rule the city's documents do not state (eligibility.unstated.* in the catalogue). */
const silent = (city: CityPolicy, topic: string): string =>
  render(`eligibility.unstated.${topic}`, { city: city.name });
const refused = (reason: string): string => render('eligibility.refused', { reason });
const list = (items: string[]): string => [...new Set(items)].join(render('list.separator'));

export type RegistrationSituation = {
  propertyUse: 'residential' | 'commercial';
  hasPropertyProof: boolean;
  livesInCity: boolean;
};

/** 居住登记: residential-use housing with legal proof, and actually living in the city. */
export function eligibilityForRegistration(policy: CityPolicy, s: RegistrationSituation): Eligibility {
  const reasons: Problem[] = [];
  const notes: string[] = [];
  const { commercialProperty, noPropertyProof, notLivingInCity } = policy.refusals;
  if (s.propertyUse === 'commercial') {
    if (commercialProperty)
      reasons.push(problem('commercialProperty', refused(commercialProperty.value), 'propertyUse'));
    else notes.push(silent(policy, 'commercialProperty'));
  }
  if (!s.hasPropertyProof) {
    if (noPropertyProof) reasons.push(problem('noPropertyProof', refused(noPropertyProof.value), 'hasPropertyProof'));
    else notes.push(silent(policy, 'noPropertyProof'));
  }
  if (!s.livesInCity) {
    if (notLivingInCity) reasons.push(problem('notLivingInCity', refused(notLivingInCity.value), 'livesInCity'));
    else notes.push(silent(policy, 'notLivingInCity'));
  }
  return reasons.length > 0 ? { eligible: false, reasons } : eligible(notes);
}

export type Occupation = 'employed' | 'student' | 'investor' | 'none';
export type PermitSituation = { registeredOn?: string; occupation?: Occupation; hasStableResidence?: boolean };

/** A condition as the city's documents word it (Shanghai "就读", 001; Chengdu "连续就读", 003). */
function conditionLabel(policy: CityPolicy, id: ConditionId): string {
  return policy.permitConditions.value.names?.[id] ?? render(`eligibility.condition.${id}`);
}

/** Whether a legal stable home alone can satisfy the city's "any one of" conditions (Chengdu, 003). */
export function residenceAloneQualifies(policy: CityPolicy): boolean {
  return policy.permitConditions.value.anyOf.includes('stableResidence');
}

/** The city's permit conditions in one sentence, e.g. Chengdu: 登记满6个月，并满足其中任一项：就业、住所、就读. */
export function permitConditionsText(policy: CityPolicy): string {
  const { allOf, anyOf } = policy.permitConditions.value;
  const names = (ids: ConditionId[]) => list(ids.map((id) => conditionLabel(policy, id)));
  const params = { permit: policy.permitName, months: policy.minRegistrationMonths.value, anyOf: names(anyOf) };
  return allOf.length > 0
    ? render('eligibility.permitConditions.withAllOf', { ...params, allOf: names(allOf) })
    : render('eligibility.permitConditions', params);
}

function conditionMet(id: ConditionId, s: PermitSituation): boolean {
  if (id === 'legalResidence' || id === 'stableResidence') return s.hasStableResidence === true;
  return s.occupation === id;
}

/** The first day the minimum registration period is complete (see addMonths for month ends). */
export function permitEarliestDate(policy: CityPolicy, registeredOn: IsoDate): IsoDate {
  return addMonths(registeredOn, policy.minRegistrationMonths.value);
}

/** 居住证申领: registered for the minimum period, and the city's conditions (all of allOf, one of anyOf). */
export function eligibilityForPermit(policy: CityPolicy, s: PermitSituation, today: IsoDate): Eligibility {
  assertIsoDate(today, 'today');
  const months = policy.minRegistrationMonths.value;
  const reasons: Problem[] = [];
  let earliestDate: string | undefined;
  if (s.registeredOn === undefined) {
    reasons.push(
      problem(
        'notRegistered',
        render('eligibility.permit.notRegistered', { months, permit: policy.permitName }),
        'registeredOn',
      ),
    );
  } else if (!isIsoDate(s.registeredOn)) {
    reasons.push(problem('registeredOn.invalid', render('eligibility.registeredOn.invalid'), 'registeredOn'));
  } else if (s.registeredOn > today) {
    reasons.push(problem('registeredOn.future', render('eligibility.registeredOn.future'), 'registeredOn'));
  } else {
    const earliest = permitEarliestDate(policy, s.registeredOn);
    if (earliest > today) {
      earliestDate = earliest;
      reasons.push(
        problem(
          'registrationTooRecent',
          render('eligibility.permit.tooRecent', { months, date: formatChineseDate(earliest) }),
          'registeredOn',
        ),
      );
    }
  }
  const { allOf, anyOf } = policy.permitConditions.value;
  for (const id of allOf) {
    if (!conditionMet(id, s))
      reasons.push(
        problem(
          `condition.${id}`,
          render('eligibility.permit.conditionMissing', {
            permit: policy.permitName,
            condition: conditionLabel(policy, id),
          }),
          id === 'legalResidence' || id === 'stableResidence' ? 'hasStableResidence' : 'occupation',
        ),
      );
  }
  if (anyOf.length > 0 && !anyOf.some((id) => conditionMet(id, s))) {
    const conditions = list(anyOf.map((id) => conditionLabel(policy, id)));
    reasons.push(
      problem(
        'condition.anyOf',
        render('eligibility.permit.anyOfMissing', { permit: policy.permitName, conditions }),
        'occupation',
      ),
    );
  }
  if (reasons.length === 0) return { eligible: true };
  return earliestDate ? { eligible: false, reasons, earliestDate } : { eligible: false, reasons };
}

/**
 * 签注 (renewal): allowed from `renewalWindowDays` days before expiry up to and including the expiry
 * day. With a 30-day window and expiry 06-30, the window opens 05-31; on 05-30 it is too early.
 */
export function eligibilityForRenewal(policy: CityPolicy, s: { expiresOn: string }, today: IsoDate): Eligibility {
  assertIsoDate(today, 'today');
  if (!isIsoDate(s.expiresOn)) {
    return {
      eligible: false,
      reasons: [problem('expiresOn.invalid', render('eligibility.expiresOn.invalid'), 'expiresOn')],
    };
  }
  if (today > s.expiresOn) {
    const date = formatChineseDate(s.expiresOn);
    const text = policy.expiredPermit
      ? render('eligibility.renewal.expired', { date, advice: policy.expiredPermit.value })
      : render('eligibility.renewal.expiredUnstated', { date, unstated: silent(policy, 'expiredPermit') });
    return {
      eligible: false,
      reasons: [
        // 001 says "通常": the usual course, not an absolute bar, so it is said as the source words it.
        problem('expired', text, 'expiresOn'),
      ],
    };
  }
  const window = policy.renewalWindowDays?.value;
  if (window === undefined) return { eligible: true, notes: [silent(policy, 'renewalWindow')] };
  const opens = addDays(s.expiresOn, -window);
  if (today < opens) {
    return {
      eligible: false,
      reasons: [
        problem(
          'renewalTooEarly',
          render('eligibility.renewal.tooEarly', { days: window, date: formatChineseDate(opens) }),
          'expiresOn',
        ),
      ],
      earliestDate: opens,
    };
  }
  return { eligible: true };
}

/** The last day to report a change of address; undefined when the city's documents give no deadline. */
export function addressChangeDeadline(
  policy: CityPolicy,
  movedOn: IsoDate,
): { deadline: string; overdue: (today: string) => boolean } | undefined {
  assertIsoDate(movedOn, 'movedOn');
  const days = policy.addressChangeDeadlineDays?.value;
  if (days === undefined) return undefined;
  const deadline = addDays(movedOn, days);
  return { deadline, overdue: (today: string) => today > deadline };
}

export type ProxyActor = 'self' | 'guardian' | 'closeRelative' | 'other';
export type ProxySituation = {
  applicantAge: number;
  disabled: boolean;
  /** The applicant has difficulty getting about (行动不便): with the age, what lets an elderly person send a relative. */
  limitedMobility?: boolean;
  actor: ProxyActor;
};

/**
 * Who may act for the applicant, and what the person acting brings. Minors (below minorAgeBelow) are
 * represented by a guardian; an elderly person (from elderlyAgeFrom) who has difficulty getting about,
 * and a disabled person, may send a close relative, who goes to the place the city names (Shanghai: any
 * 社区事务受理服务中心, 000) — not any 65+ applicant, and not online. Everyone else comes in person.
 * A city without proxy rules gets a problem, not a guess.
 */
export function proxyRule(policy: CityPolicy, s: ProxySituation): Result<{ materials: string[]; place?: string }> {
  const field = 'actor';
  if (!Number.isInteger(s.applicantAge) || s.applicantAge < 0 || s.applicantAge > 150) {
    return fail(problem('applicantAge.invalid', render('eligibility.proxy.ageInvalid'), 'applicantAge'));
  }
  const rules = policy.proxy?.value;
  if (!rules) return fail(problem('proxy.unknown', render('eligibility.proxy.unknown', { city: policy.name }), field));
  if (s.applicantAge < rules.minorAgeBelow) {
    if (s.actor === 'guardian') return ok({ materials: [...rules.minorMaterials] });
    return fail(
      problem(
        'proxy.minorNeedsGuardian',
        render('eligibility.proxy.minorNeedsGuardian', { age: rules.minorAgeBelow, guardian: rules.minorProxy }),
        field,
      ),
    );
  }
  if (s.actor === 'self') return ok({ materials: [] });
  const elderly = s.applicantAge >= rules.elderlyAgeFrom && (!rules.elderlyCondition || s.limitedMobility === true);
  const who = render('eligibility.proxy.who', { condition: rules.elderlyCondition ?? '', age: rules.elderlyAgeFrom });
  // The place is said after the act, in our own words (the source's sentence is not repeated).
  const place = rules.elderlyOrDisabledPlace;
  const at = place ? 'At' : '';
  const params = { who, proxy: rules.elderlyOrDisabledProxy, ...(place ? { place } : {}) };
  if (elderly || s.disabled) {
    if (s.actor === 'closeRelative') {
      return ok({
        materials: [...rules.elderlyOrDisabledMaterials, ...(s.disabled ? rules.disabledExtraMaterials : [])],
        ...(rules.elderlyOrDisabledPlace ? { place: rules.elderlyOrDisabledPlace } : {}),
      });
    }
    return fail(problem('proxy.closeRelativeOnly', render(`eligibility.proxy.closeRelativeOnly${at}`, params), field));
  }
  const relative = s.actor === 'closeRelative' && s.applicantAge >= rules.elderlyAgeFrom ? `Relative${at}` : '';
  return fail(
    problem(
      'proxy.inPersonOnly',
      render(`eligibility.proxy.inPersonOnly${relative}`, { ...params, otherwise: rules.otherwise }),
      field,
    ),
  );
}
