import { addDays, addMonths, assertIsoDate, formatChineseDate, isIsoDate, type IsoDate } from './dates';
import type { CityPolicy, ConditionId } from './policies/schema';
import { fail, ok, problem, type Problem, type Result } from './result';

/**
 * Who may do what and when, from a city's policy data and today's date (Asia/Shanghai). Reasons are
 * written for residents. A rule the city's documents do not state is never enforced: the answer then
 * carries a note saying the sources are silent, so the resident can ask the office.
 */
export type Eligibility =
  { eligible: true; notes?: string[] } | { eligible: false; reasons: Problem[]; earliestDate?: string };

const eligible = (notes: string[]): Eligibility => (notes.length > 0 ? { eligible: true, notes } : { eligible: true });
const silent = (city: CityPolicy, topic: string): string => `现有资料没有说明${city.name}${topic}，请向办理地点确认。`;

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
      reasons.push(problem('commercialProperty', `不能办理。${commercialProperty.value}。`, 'propertyUse'));
    else notes.push(silent(policy, '商业或办公用房能否办理居住登记'));
  }
  if (!s.hasPropertyProof) {
    if (noPropertyProof)
      reasons.push(problem('noPropertyProof', `不能办理。${noPropertyProof.value}。`, 'hasPropertyProof'));
    else notes.push(silent(policy, '没有住所证明时能否办理居住登记'));
  }
  if (!s.livesInCity) {
    if (notLivingInCity)
      reasons.push(problem('notLivingInCity', `不能办理。${notLivingInCity.value}。`, 'livesInCity'));
    else notes.push(silent(policy, '不在本市实际居住时能否办理'));
  }
  return reasons.length > 0 ? { eligible: false, reasons } : eligible(notes);
}

export type Occupation = 'employed' | 'student' | 'investor' | 'none';
export type PermitSituation = { registeredOn?: string; occupation?: Occupation; hasStableResidence?: boolean };

const CONDITION_LABELS: Record<ConditionId, string> = {
  legalResidence: '合法稳定住所',
  stableResidence: '合法稳定住所',
  employed: '合法稳定就业',
  student: '连续就读',
  investor: '投资创业',
};

/** A condition as the city's documents word it (Shanghai "就读", 001; Chengdu "连续就读", 003). */
function conditionLabel(policy: CityPolicy, id: ConditionId): string {
  return policy.permitConditions.value.names?.[id] ?? CONDITION_LABELS[id];
}

/** Whether a legal stable home alone can satisfy the city's "any one of" conditions (Chengdu, 003). */
export function residenceAloneQualifies(policy: CityPolicy): boolean {
  return policy.permitConditions.value.anyOf.includes('stableResidence');
}

/** The city's permit conditions in one sentence, e.g. Chengdu: 登记满6个月，并满足其中任一项：就业、住所、就读. */
export function permitConditionsText(policy: CityPolicy): string {
  const { allOf, anyOf } = policy.permitConditions.value;
  const names = (ids: ConditionId[]) => [...new Set(ids.map((id) => conditionLabel(policy, id)))].join('、');
  const all = allOf.length > 0 ? `，有${names(allOf)}` : '';
  return `申领${policy.permitName}要居住登记满${policy.minRegistrationMonths.value}个月${all}，并满足其中任一项：${names(anyOf)}。`;
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
        `还没有办理居住登记。要先办居住登记，满${months}个月后才能申领${policy.permitName}。`,
        'registeredOn',
      ),
    );
  } else if (!isIsoDate(s.registeredOn)) {
    reasons.push(
      problem('registeredOn.invalid', '居住登记日期看不懂，请按“2026年5月1日”的格式告诉我。', 'registeredOn'),
    );
  } else if (s.registeredOn > today) {
    reasons.push(problem('registeredOn.future', '居住登记日期晚于今天，请核对后再说一次。', 'registeredOn'));
  } else {
    const earliest = permitEarliestDate(policy, s.registeredOn);
    if (earliest > today) {
      earliestDate = earliest;
      reasons.push(
        problem(
          'registrationTooRecent',
          `居住登记要满${months}个月才能申领。您从${formatChineseDate(earliest)}起可以申请。`,
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
          `申领${policy.permitName}需要有${conditionLabel(policy, id)}。`,
          id === 'legalResidence' || id === 'stableResidence' ? 'hasStableResidence' : 'occupation',
        ),
      );
  }
  if (anyOf.length > 0 && !anyOf.some((id) => conditionMet(id, s))) {
    const names = [...new Set(anyOf.map((id) => conditionLabel(policy, id)))].join('、');
    reasons.push(problem('condition.anyOf', `申领${policy.permitName}需要至少满足一项：${names}。`, 'occupation'));
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
      reasons: [problem('expiresOn.invalid', '居住证有效期看不懂，请按“2026年5月1日”的格式告诉我。', 'expiresOn')],
    };
  }
  if (today > s.expiresOn) {
    const what = policy.expiredPermit ? `${policy.expiredPermit.value}。` : silent(policy, '证件过期后怎么办');
    return {
      eligible: false,
      reasons: [
        // 001 says "通常": the usual course, not an absolute bar, so it is said as the source words it.
        problem('expired', `您的居住证已在${formatChineseDate(s.expiresOn)}到期。${what}`, 'expiresOn'),
      ],
    };
  }
  const window = policy.renewalWindowDays?.value;
  if (window === undefined) return { eligible: true, notes: [silent(policy, '签注要在到期前多少天内办理')] };
  const opens = addDays(s.expiresOn, -window);
  if (today < opens) {
    return {
      eligible: false,
      reasons: [
        problem(
          'renewalTooEarly',
          `签注要在到期前${window}天内办理。您从${formatChineseDate(opens)}起可以办理。`,
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
    return fail(problem('applicantAge.invalid', '申请人年龄不对，请核对身份证号码或出生日期。', 'applicantAge'));
  }
  const rules = policy.proxy?.value;
  if (!rules)
    return fail(
      problem('proxy.unknown', `现有资料没有说明${policy.name}能否由他人代办。请向办理地点咨询，或由本人办理。`, field),
    );
  if (s.applicantAge < rules.minorAgeBelow) {
    if (s.actor === 'guardian') return ok({ materials: [...rules.minorMaterials] });
    return fail(
      problem('proxy.minorNeedsGuardian', `未满${rules.minorAgeBelow}周岁的，要由${rules.minorProxy}代为办理。`, field),
    );
  }
  if (s.actor === 'self') return ok({ materials: [] });
  const elderly = s.applicantAge >= rules.elderlyAgeFrom && (!rules.elderlyCondition || s.limitedMobility === true);
  const who = `${rules.elderlyCondition ?? ''}的${rules.elderlyAgeFrom}周岁及以上老人或残疾人`;
  // The place is said after the act, in our own words (the source's sentence is not repeated).
  const where = rules.elderlyOrDisabledPlace ? `（办理地点：${rules.elderlyOrDisabledPlace}）` : '';
  if (elderly || s.disabled) {
    if (s.actor === 'closeRelative') {
      return ok({
        materials: [...rules.elderlyOrDisabledMaterials, ...(s.disabled ? rules.disabledExtraMaterials : [])],
        ...(rules.elderlyOrDisabledPlace ? { place: rules.elderlyOrDisabledPlace } : {}),
      });
    }
    return fail(
      problem(
        'proxy.closeRelativeOnly',
        `${who}，可由${rules.elderlyOrDisabledProxy}代办${where}，其他人不能代办。`,
        field,
      ),
    );
  }
  const relative =
    s.actor === 'closeRelative' && s.applicantAge >= rules.elderlyAgeFrom
      ? `只有${who}才能由${rules.elderlyOrDisabledProxy}代办${where}；`
      : '';
  return fail(problem('proxy.inPersonOnly', `${relative}${rules.otherwise}，不能由他人代办。`, field));
}
