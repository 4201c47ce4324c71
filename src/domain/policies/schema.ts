import { z } from 'zod';

/**
 * The shape of a city policy file. Every fact is a { value, source } pair: `source` names the document
 * in shared/seeds the fact comes from, so an answer can always say what it rests on. A fact the
 * documents do not state is absent (optional), never guessed.
 */
export const SOURCE_FILE = /^\d{3}_[0-9a-f]{16}\.txt$/;
const source = z.union([z.string().regex(SOURCE_FILE), z.array(z.string().regex(SOURCE_FILE)).min(1)]);

export const fact = <T extends z.ZodTypeAny>(value: T) =>
  z.object({ value, source, note: z.string().optional() }).strict();

const text = z.string().min(1);
const positiveInt = z.number().int().positive();

const place = z
  .object({
    name: text,
    kind: z.enum(['app', 'miniProgram', 'website', 'officialAccount', 'office']),
    note: z.string().optional(),
  })
  .strict();

const residenceType = z
  .object({
    id: z.string().regex(/^[a-z][a-zA-Z]*$/),
    name: text,
    materials: z.array(text).min(1),
    /** Living with relatives: the kinship commitment letter (亲属关系承诺书) must be signed. */
    needsKinshipLetter: z.boolean(),
    source,
    /** Where the sources disagree on this type's materials: which applies and why. */
    note: z.string().optional(),
  })
  .strict();

const occupation = z
  .object({
    id: z.enum(['employed', 'student', 'investor']),
    name: text,
    proofs: z.array(text).min(1),
    source,
    note: z.string().optional(),
  })
  .strict();

export const conditionId = z.enum(['legalResidence', 'employed', 'student', 'investor', 'stableResidence']);

export const cityPolicySchema = z
  .object({
    id: z.string().regex(/^[a-z]+$/),
    name: text,
    /** Words that name the city in residents' messages (上海, 沪, ...). */
    aliases: z.array(text).min(1),
    /** District names, used only to recognise the city in free text. */
    districts: z.array(text),
    /** The card's name as residents see it, e.g. 上海市居住证. */
    permitName: text,
    /** Upper-case prefix of reference numbers (SH-20261122-...). Our own convention, not a fact from the sources. */
    referencePrefix: z
      .string()
      .regex(/^[A-Z]{2,4}$/)
      .optional(),
    onlinePlatforms: fact(z.array(place).min(1)),
    offlinePlaces: fact(z.object({ description: text, cityWide: z.boolean() }).strict()),
    /** What the documents name; `note` records where they say more exists than they list. */
    residenceTypes: fact(z.array(residenceType).min(1)),
    occupations: fact(z.array(occupation).min(1)),
    baseMaterials: fact(z.array(text).min(1)),
    /**
     * The procedures whose documents list baseMaterials. Absent: registration and permit alike (Shanghai,
     * 000). Chengdu's list is the permit's upload step (003), so its registration names no materials.
     */
    baseMaterialsFor: fact(z.array(z.enum(['registration', 'permit'])).min(1)).optional(),
    /** Conditions for a first permit: all of `allOf` and at least one of `anyOf`. */
    permitConditions: fact(
      z
        .object({
          allOf: z.array(conditionId),
          anyOf: z.array(conditionId).min(1),
          /** A condition's name where the city's wording differs from the default (就读 vs 连续就读). */
          names: z.partialRecord(conditionId, text).optional(),
        })
        .strict(),
    ),
    minRegistrationMonths: fact(positiveInt),
    renewalWindowDays: fact(positiveInt).optional(),
    addressChangeDeadlineDays: fact(positiveInt).optional(),
    timeLimits: z
      .object({
        registrationConfirmWorkingDays: fact(positiveInt).optional(),
        registrationECertificateWorkingDays: fact(positiveInt).optional(),
        permitReviewWorkingDays: fact(positiveInt).optional(),
        permitProductionWorkingDays: fact(positiveInt).optional(),
        permitLegalLimitWorkingDays: fact(positiveInt).optional(),
        permitECertificate: fact(text).optional(),
      })
      .strict(),
    delivery: z
      .object({
        post: fact(
          z
            .object({
              name: text,
              feeYuan: positiveInt.optional(),
              payment: text.optional(),
              scope: text.optional(),
              contact: text.optional(),
            })
            .strict(),
        ),
        pickup: fact(z.object({ name: text, place: text }).strict()),
      })
      .strict(),
    photo: z
      .object({
        widthPx: fact(positiveInt).optional(),
        heightPx: fact(positiveInt).optional(),
        dpi: fact(positiveInt).optional(),
        requirements: fact(z.array(text).min(1)),
        reuse: fact(text).optional(),
      })
      .strict(),
    upload: z
      .object({
        formats: fact(z.array(z.enum(['JPG', 'PNG']))).optional(),
        maxSizeMb: fact(z.array(positiveInt).min(1)).optional(),
        /** The source gives the formats as examples (001: "通常支持JPG、PNG等"): say them, do not refuse others. */
        formatsAreExamples: z.boolean().optional(),
        /** The source gives the size limits as examples (001: "如2MB或5MB", follow the system): not enforced. */
        maxSizeMbAreExamples: z.boolean().optional(),
        requirements: fact(z.array(text).min(1)),
      })
      .strict(),
    /** Who may act for whom. Absent: the documents say nothing for this city. */
    proxy: fact(
      z
        .object({
          minorAgeBelow: positiveInt,
          minorProxy: text,
          minorMaterials: z.array(text).min(1),
          elderlyAgeFrom: positiveInt,
          elderlyOrDisabledProxy: text,
          /** The elderly qualify only with this (行动不便, 000); absent: age alone. */
          elderlyCondition: text.optional(),
          /** Where the relative acts (000: any 社区事务受理服务中心); absent: not stated. */
          elderlyOrDisabledPlace: text.optional(),
          elderlyOrDisabledMaterials: z.array(text).min(1),
          disabledExtraMaterials: z.array(text).min(1),
          otherwise: text,
        })
        .strict(),
    ).optional(),
    /** Status names as the city's service shows them. */
    statusNames: fact(z.array(text).min(1)).optional(),
    realNameVerification: fact(text).optional(),
    reminders: fact(z.array(text).min(1)).optional(),
    /** Rules that refuse registration outright, each with its source. */
    refusals: z
      .object({
        commercialProperty: fact(text).optional(),
        noPropertyProof: fact(text).optional(),
        notLivingInCity: fact(text).optional(),
        addressMismatch: fact(text).optional(),
      })
      .strict(),
    /** Loss report and cancellation: materials needed online (empty array: none). */
    lossReportMaterials: fact(z.array(text)).optional(),
    /** A city whose documents name no 挂失/解挂 but say the card can be replaced online (Chengdu 补换领, 003). */
    replacementOnline: fact(text).optional(),
    /** An expired permit: register again and wait the minimum period. */
    expiredPermit: fact(text).optional(),
  })
  .strict();

export type CityPolicy = z.infer<typeof cityPolicySchema>;
export type ConditionId = z.infer<typeof conditionId>;
