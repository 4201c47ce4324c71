import { z } from 'zod';
import { APPLICATION_KINDS, type ApplicationKind } from './application';
import { addWorkingDays, calendarCoversYear } from './calendar';
import { isIsoDate, type IsoDate } from './dates';
import { eligibilityForRenewal, permitEarliestDate, proxyRule, type ProxyActor } from './eligibility';
import { formatChineseDate } from './dates';
import { ageOn, validateIdNumber } from './idNumber';
import { validateMobile } from './phone';
import { getPolicy, isKnownCity, type CityPolicy } from './policies';
import { problem, type Problem } from './result';
import { zodProblems } from './zodProblems';
import { render } from '../messages';

/**
 * What a channel or dialog submits. Answer keys the domain reads (all optional):
 * residenceType (policy residence type id), occupation (employed/student/investor/none),
 * registeredOn / expiresOn / movedOn (YYYY-MM-DD), address, proxyActor (self/guardian/closeRelative/other),
 * disabled, limitedMobility (booleans). Other keys are stored as given.
 */
const answerValue = z.union([z.string().max(1000), z.number(), z.boolean(), z.null()]);

export const submissionInputSchema = z.object({
  idempotencyKey: z.string().trim().min(8).max(128),
  kind: z.enum(APPLICATION_KINDS),
  city: z.string().refine((c) => isKnownCity(c), { message: render('submission.city.unsupported') }),
  applicant: z.object({
    name: z.string().trim().min(1).max(50),
    idNumber: z.string().max(40),
    phone: z.string().max(40),
  }),
  answers: z.record(z.string().max(64), answerValue).default({}),
  pickup: z
    .object({ method: z.enum(['selfPickup', 'post']), address: z.string().trim().min(1).max(200).optional() })
    .optional(),
  kinshipLetter: z
    .object({
      text: z.string().trim().min(1).max(5000),
      signedName: z.string().trim().min(1).max(50),
      signedAt: z.string().optional(),
    })
    .optional(),
  conversationId: z.string().min(1).max(200).optional(),
  materials: z
    .array(
      z.object({
        item: z.string().trim().min(1).max(300),
        status: z.enum(['uploaded', 'bring', 'onFile']),
        fileId: z.string().max(64).optional(),
      }),
    )
    .max(30)
    .optional(),
});
export type SubmissionInput = z.input<typeof submissionInputSchema>;
export type AnswerValue = z.infer<typeof answerValue>;
export const answersSchema = z.record(z.string().max(64), answerValue);

/** Each input field's name for residents, by dotted path (submission.field.* in the catalogue). */
export const FIELD_LABELS: Record<string, string> = Object.fromEntries(
  [
    'idempotencyKey',
    'kind',
    'city',
    'applicant',
    'applicant.name',
    'applicant.idNumber',
    'applicant.phone',
    'answers',
    'pickup',
    'pickup.method',
    'pickup.address',
    'kinshipLetter',
    'materials',
    'kinshipLetter.text',
    'kinshipLetter.signedName',
    'conversationId',
  ].map((path) => [path, render(`submission.field.${path}`)]),
);

const PROXY_ACTORS: readonly ProxyActor[] = ['self', 'guardian', 'closeRelative', 'other'];
const CARD_KINDS: readonly ApplicationKind[] = ['permit', 'renewal'];
const RESIDENCE_KINDS: readonly ApplicationKind[] = ['registration', 'permit', 'renewal', 'addressChange'];

export type CheckedSubmission = {
  input: z.output<typeof submissionInputSchema>;
  policy: CityPolicy;
  idNumber: string;
  phone: string;
  proxy?: { applicantAge: number; disabled: boolean; limitedMobility?: boolean; actor: ProxyActor };
};

/** Validates a submission completely; nothing may be stored unless this returns no problems. */
export function checkSubmission(
  raw: unknown,
  today: IsoDate,
): { ok: true; value: CheckedSubmission } | { ok: false; problems: Problem[] } {
  const parsed = submissionInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, raw, FIELD_LABELS) };
  const input = parsed.data;
  const policy = getPolicy(input.city);
  const problems: Problem[] = [];
  const id = validateIdNumber(input.applicant.idNumber, today);
  const phone = validateMobile(input.applicant.phone);
  if (!id.ok) problems.push(...id.problems.map((p) => ({ ...p, field: 'applicant.idNumber' })));
  if (!phone.ok) problems.push(...phone.problems.map((p) => ({ ...p, field: 'applicant.phone' })));
  const a = input.answers;

  const residence =
    a.residenceType == null ? undefined : policy.residenceTypes.value.find((r) => r.id === a.residenceType);
  if (a.residenceType != null && !residence) {
    const names = policy.residenceTypes.value.map((r) => r.name).join(render('list.separator'));
    problems.push(
      problem(
        'answers.residenceType',
        render('submission.residenceType.options', { city: policy.name, names }),
        'answers.residenceType',
      ),
    );
  }
  if (a.occupation != null && a.occupation !== 'none' && !policy.occupations.value.some((o) => o.id === a.occupation)) {
    problems.push(
      problem(
        'answers.occupation',
        render('submission.occupation.options', {
          city: policy.name,
          names: policy.occupations.value.map((o) => o.name).join(render('list.separator')),
        }),
        'answers.occupation',
      ),
    );
  }
  for (const key of ['registeredOn', 'expiresOn', 'movedOn']) {
    if (a[key] != null && !isIsoDate(a[key]))
      problems.push(problem(`answers.${key}`, render('submission.date.invalid'), `answers.${key}`));
  }
  if (residence?.needsKinshipLetter && RESIDENCE_KINDS.includes(input.kind)) {
    if (!input.kinshipLetter)
      problems.push(problem('kinshipLetter.missing', render('submission.kinshipLetter.missing'), 'kinshipLetter'));
    else if (input.kinshipLetter.signedName !== input.applicant.name) {
      problems.push(
        problem('kinshipLetter.signature', render('submission.kinshipLetter.signature'), 'kinshipLetter.signedName'),
      );
    }
  }
  if (CARD_KINDS.includes(input.kind) && !input.pickup)
    problems.push(problem('pickup.missing', render('submission.pickup.missing'), 'pickup'));
  if (input.pickup?.method === 'post' && !input.pickup.address)
    problems.push(problem('pickup.address', render('submission.pickup.address'), 'pickup.address'));

  // Time rules the resident cannot get round by answering differently later: refuse them here too.
  if (input.kind === 'permit' && isIsoDate(a.registeredOn)) {
    const earliest = permitEarliestDate(policy, a.registeredOn);
    if (earliest > today)
      problems.push(
        problem(
          'registrationTooRecent',
          render('eligibility.permit.tooRecent', {
            months: policy.minRegistrationMonths.value,
            date: formatChineseDate(earliest),
          }),
          'answers.registeredOn',
        ),
      );
  }
  if (input.kind === 'renewal' && isIsoDate(a.expiresOn)) {
    const renewal = eligibilityForRenewal(policy, { expiresOn: a.expiresOn }, today);
    if (!renewal.eligible) problems.push(...renewal.reasons);
  }

  let proxy: CheckedSubmission['proxy'];
  if (a.proxyActor != null) {
    if (!PROXY_ACTORS.includes(a.proxyActor as ProxyActor))
      problems.push(problem('answers.proxyActor', render('submission.proxyActor.invalid'), 'answers.proxyActor'));
    else if (id.ok) {
      proxy = {
        applicantAge: ageOn(id.value.birthDate, today),
        disabled: a.disabled === true,
        limitedMobility: a.limitedMobility === true,
        actor: a.proxyActor as ProxyActor,
      };
      const rule = proxyRule(policy, proxy);
      if (!rule.ok) problems.push(...rule.problems);
      // 000: the close relative files at a service centre; an online filing in their name is not provided for.
      else if (rule.value.place)
        problems.push(
          problem(
            'proxy.atPlace',
            render('submission.proxy.atPlace', { place: rule.value.place }),
            'answers.proxyActor',
          ),
        );
    }
  }
  if (problems.length > 0 || !id.ok || !phone.ok) return { ok: false, problems };
  return {
    ok: true,
    value: { input, policy, idNumber: id.value.idNumber, phone: phone.value, ...(proxy ? { proxy } : {}) },
  };
}

/** One date a resident can expect, named for what it is, with the working days and the document behind it. */
export type Milestone = {
  code: 'registrationCertificate' | 'review' | 'card' | 'legalLimit';
  date: IsoDate;
  workingDays: number;
  source: string | string[];
  /** The holiday calendar does not cover this date's year: weekends only were counted. */
  provisional: boolean;
};

/**
 * What each expected date is, counted in working days from `from`:
 * - registration: the electronic 居住登记凭证 within 1 working day (000, the newer module); the 2018
 *   announcement's 2-day confirmation (002) is older and gives way to it, as the FAQ says;
 * - permit: the review result (6, 002), the card after a further 7 (002), and the legal limit (15, 001);
 * - renewal: only the legal limit (15, 001) — the 6 + 7 figures are for a new permit applied for online
 *   (002) and no source gives them for 签注.
 * A city whose documents give no time gets none (we do not guess).
 */
export function expectedMilestones(policy: CityPolicy, kind: ApplicationKind, from: IsoDate): Milestone[] {
  const t = policy.timeLimits;
  const out: Milestone[] = [];
  const add = (code: Milestone['code'], days: number, source: string | string[]) => {
    const date = addWorkingDays(from, days);
    out.push({ code, date, workingDays: days, source, provisional: !calendarCoversYear(Number(date.slice(0, 4))) });
  };
  if (kind === 'registration') {
    const f = t.registrationECertificateWorkingDays ?? t.registrationConfirmWorkingDays;
    if (f) add('registrationCertificate', f.value, f.source);
  } else if (kind === 'permit') {
    if (t.permitReviewWorkingDays) add('review', t.permitReviewWorkingDays.value, t.permitReviewWorkingDays.source);
    if (t.permitReviewWorkingDays && t.permitProductionWorkingDays)
      add(
        'card',
        t.permitReviewWorkingDays.value + t.permitProductionWorkingDays.value,
        t.permitProductionWorkingDays.source,
      );
  }
  if ((kind === 'permit' || kind === 'renewal') && t.permitLegalLimitWorkingDays)
    add('legalLimit', t.permitLegalLimitWorkingDays.value, t.permitLegalLimitWorkingDays.source);
  return out;
}

/** The next date a resident waits for: the first milestone (see expectedMilestones). */
export function expectedByFor(policy: CityPolicy, kind: ApplicationKind, from: IsoDate): IsoDate | undefined {
  return expectedMilestones(policy, kind, from)[0]?.date;
}
