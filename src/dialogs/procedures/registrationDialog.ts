import { type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { materialsChecklist } from '../../domain/checklist';
import { todayIn } from '../../domain/dates';
import { eligibilityForRegistration, proxyRule, type ProxyActor } from '../../domain/eligibility';
import { ageOn, validateIdNumber } from '../../domain/idNumber';
import type { CityPolicy } from '../../domain/policies';
import type { ChoiceOption } from '../choices';
import { ask, askChoice, PROMPT, withButtons } from '../prompts';
import { commonTexts } from '../texts/common';
import type { EditableField } from '../summaryDialog';
import { procedureTexts as pt } from '../texts/procedures';
import { registrationTexts as t } from '../texts/registration';
import type { DialogDeps } from '../types';
import { refusalBeforeDetails, whoAppliesOptions } from './proxy';
import { relativeLines, signedLetter } from './kinship';
import { ApplicationDialog, type SubmissionParts } from './applicationDialog';
import {
  applicantFields,
  applicantLines,
  askAddress,
  askIdNumber,
  askName,
  askPhone,
  bulletList,
  policyFor,
  askResidence,
  yesNoOptions,
  addressField,
} from './common';

const STEPS = 'registration.steps';

/**
 * Only the refusals the city's documents state are checked (Shanghai, 000); a city that states none
 * (Chengdu, 003) is not asked about them.
 */
function situationChecks(policy: CityPolicy): { id: 'commercial' | 'noProof' | 'notLiving'; text: string }[] {
  const r = policy.refusals;
  const checks: { id: 'commercial' | 'noProof' | 'notLiving'; text: string }[] = [];
  if (r.commercialProperty) checks.push({ id: 'commercial', text: t.situationChecks.commercial });
  if (r.noPropertyProof) checks.push({ id: 'noProof', text: t.situationChecks.noProof });
  if (r.notLivingInCity) checks.push({ id: 'notLiving', text: t.situationChecks.notLiving(policy.name) });
  return checks;
}

function situationOptions(city: string): ChoiceOption[] {
  return [
    {
      id: 'ok',
      title: t.situation.ok,
      synonyms: ['符合', '都是', '是', '是的', '对', '对的', '没问题', '没有问题', '好', '好的', '可以', '确认'],
    },
    {
      id: 'commercial',
      title: t.situation.commercial,
      synonyms: ['商铺', '写字楼', '办公楼', '厂房', '商用', '办公用', '门面', '店面', '商住'],
    },
    {
      id: 'noProof',
      title: t.situation.noProof,
      synonyms: [
        '没有证明',
        '没证明',
        '没有合同',
        '没合同',
        '没有房产证',
        '没备案',
        '没有备案',
        '没有租赁合同',
        '没有材料',
      ],
    },
    { id: 'notLiving', title: t.situation.notLiving(city), synonyms: ['不住', '没住', '不在', '外地', '老家'] },
  ];
}
const SUMMARY = 'registration.summary';

/**
 * 居住登记, in the order of the 随申办 screens: notice → who it is for → residence type → address →
 * applicant → photo → (living with relatives) kinship commitment letter → checklist → summary → submit.
 */
export class RegistrationDialog extends ApplicationDialog {
  constructor(deps: DialogDeps) {
    super('registration', deps, 'procedure.registration', t.title);
    this.addSteps(STEPS, [
      this.noticeStep.bind(this),
      this.businessStep.bind(this),
      this.disabledStep.bind(this),
      this.residenceTypeStep.bind(this),
      this.situationStep.bind(this),
      this.continueAfterNoteStep.bind(this),
      this.addressStep.bind(this),
      this.keepAndAsk('address', askName),
      this.keepAndAsk('name', (s) => this.askApplicantId(s)),
      this.phoneStep.bind(this),
      this.photoStep.bind(this),
      ...this.kinshipLetterSteps('photo'),
      this.checklistStep.bind(this),
    ]);
    this.addSummary(SUMMARY, {
      render: (step) => this.summaryText(step),
      fields: async (step) => this.editableFields(await this.needsLetter(step), await this.answers(step.context)),
      afterEdit: (step, key) => this.afterFieldEdit(step, key),
      afterEditAnswer: (step, key, value) => this.afterFieldEditAnswer(step, key, value),
      submit: { nextSteps: t.nextSteps, parts: (a) => this.submissionParts(a) },
    });
  }

  /** Shows what is needed and waits until the resident is ready. */
  private async noticeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const policy = await policyFor(this.deps, step.context);
    const stated = policy.baseMaterialsFor?.value.includes('registration') ?? true;
    const text = t.notice(policy.name, policy.baseMaterials.value, policy.realNameVerification?.value, stated);
    return askChoice(step, text, [
      { id: 'start', title: t.start, synonyms: ['开始', '好', '好的', '准备好了', '可以', '是'] },
    ]);
  }

  /** Asks who is applying; a city without proxy rules still asks, so that its answer is said at once. */
  private async businessStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const policy = await policyFor(this.deps, step.context);
    return askChoice(step, t.businessAsk, whoAppliesOptions(policy));
  }

  /** Refuses at once what no detail can change; a close relative acting: asks whether the applicant is disabled. */
  private async disabledStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const actor = String(step.result) as ProxyActor;
    const policy = await policyFor(this.deps, step.context);
    const refusal = refusalBeforeDetails(policy, actor);
    if (refusal) {
      const heading = policy.proxy ? t.proxyRefusedNow : t.proxyUnknownNow;
      await step.context.sendActivity(
        withButtons(`${heading}\n${refusal}\n${t.proxyStopped}`, [
          commonTexts.handoffAction,
          ...commonTexts.mainActions,
        ]),
      );
      return step.endDialog();
    }
    // A city without proxy rules has only the resident left here; the domain would refuse any actor there.
    if ((await policyFor(this.deps, step.context)).proxy) await this.remember(step.context, 'proxyActor', actor);
    if (actor !== 'closeRelative') return step.next();
    const age = policy.proxy?.value.elderlyAgeFrom ?? 0;
    return askChoice(step, t.disabledAsk(age), [
      { id: 'mobility', title: t.mobilityOption(age), synonyms: ['行动不便', '老人', '走不动', '腿脚不便'] },
      { id: 'yes', title: t.disabledYes, synonyms: ['残疾', '残疾人', '残疾人证', '有'] },
      { id: 'no', title: t.disabledNo, synonyms: ['没有', '都不是', '不是', '否'] },
    ]);
  }

  /** Asks the residence type, from the city's list. */
  private async residenceTypeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === 'yes' || step.result === 'no' || step.result === 'mobility') {
      await this.remember(step.context, 'disabled', step.result === 'yes');
      await this.remember(step.context, 'limitedMobility', step.result === 'mobility');
    }
    const policy = await policyFor(this.deps, step.context);
    return askResidence(step, policy, t.residenceAsk);
  }

  /** Confirms in one question what the domain refuses: non-residential use, no legal proof, not living here. */
  private async situationStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await this.remember(step.context, 'residenceType', step.result);
    const policy = await policyFor(this.deps, step.context);
    const checks = situationChecks(policy);
    if (checks.length === 0) return step.next('ok');
    const asked = new Set<string>(['ok', ...checks.map((c) => c.id)]);
    const options = situationOptions(policy.name).filter((o) => asked.has(o.id));
    return askChoice(step, t.situationAsk(checks.map((c) => c.text)), options, {
      words: ['不符合', '不是', '不对', '不确定', '不清楚', '不知道', '有一项'],
      reason: t.situationWhich,
    });
  }

  /** Refuses with the city's reason; where the city's documents are silent, says so and asks whether to go on. */
  private async continueAfterNoteStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const situation = String(step.result);
    if (situation === 'ok') return step.next();
    const policy = await policyFor(this.deps, step.context);
    const result = eligibilityForRegistration(policy, {
      propertyUse: situation === 'commercial' ? 'commercial' : 'residential',
      hasPropertyProof: situation !== 'noProof',
      livesInCity: situation !== 'notLiving',
    });
    if (!result.eligible) {
      await step.context.sendActivity(
        withButtons(`${t.situationRefused}\n${bulletList(result.reasons.map((r) => r.message))}`, [
          commonTexts.handoffAction,
          ...commonTexts.mainActions,
        ]),
      );
      return step.endDialog();
    }
    await this.remember(step.context, 'situation', situation);
    await step.context.sendActivity((result.notes ?? []).join('\n'));
    return askChoice(step, t.situationGoOn, yesNoOptions(t.situationGoOnYes, t.situationGoOnNo));
  }

  /** Asks the address, with the residence proof it must match. */
  private async addressStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === 'no') {
      await step.context.sendActivity(withButtons(t.situationStopped, commonTexts.mainActions));
      return step.endDialog();
    }
    return askAddress(step, await policyFor(this.deps, step.context));
  }

  /** The applicant's ID; with someone acting for them, the ID's age must allow it (checked at the prompt). */
  private async askApplicantId(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const policy = await policyFor(this.deps, step.context);
    const a = await this.answers(step.context);
    if (typeof a.proxyActor !== 'string' || !policy.proxy) return askIdNumber(step);
    const proxy = {
      city: policy.id,
      actor: a.proxyActor as ProxyActor,
      disabled: a.disabled === true,
      limitedMobility: a.limitedMobility === true,
    };
    return ask(step, PROMPT.idNumber, pt.idAsk, { proxy });
  }

  private async phoneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await this.remember(step.context, 'idNumber', step.result);
    const refusal = await this.proxyRefusal(step);
    if (refusal) {
      await step.context.sendActivity(`${t.proxyRefused}${refusal}`);
      return step.endDialog();
    }
    // A close relative acts at the place the city names (000), so the application is not filed here.
    const atCentre = await this.closeRelativeAtCentre(step);
    if (atCentre) {
      await step.context.sendActivity(withButtons(atCentre, commonTexts.mainActions));
      return step.endDialog();
    }
    return askPhone(step);
  }

  /** Asks for a photo: an upload checked against the city's rules, or the one already on file. */
  private async photoStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await this.remember(step.context, 'phone', step.result);
    return this.askCheckedPhoto(step);
  }

  /** Stores the signature, then shows the personalised checklist and the summary. */
  private async checklistStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (await this.needsLetter(step)) await this.saveSignature(step, step.result);
    const policy = await policyFor(this.deps, step.context);
    const a = await this.answers(step.context);
    const checklist = [
      ...materialsChecklist(policy, { kind: 'registration', residenceTypeId: String(a.residenceType) }),
      ...this.proxyMaterials(policy, a),
    ];
    // Online registration has its materials photographed and uploaded too (002); the reviewer sees them
    // with the photo given at the photo prompt (walk R1-M1, R1-M2).
    return this.collectMaterials(step, checklist, SUMMARY, 'registration');
  }

  /** What a registration adds to the submission: residence, photo, proxy and the signed letter. */
  private submissionParts(a: Record<string, unknown>): SubmissionParts {
    const answers: Record<string, string | boolean> = {
      residenceType: String(a.residenceType),
      address: String(a.address),
      photo: String(a.photo),
    };
    if (typeof a.proxyActor === 'string') answers.proxyActor = a.proxyActor;
    if (typeof a.disabled === 'boolean') answers.disabled = a.disabled;
    if (typeof a.relativeName === 'string') answers.relativeName = a.relativeName;
    if (typeof a.relationship === 'string') answers.relationship = a.relationship;
    return { kind: 'registration', answers, ...signedLetter(a) };
  }

  /** What the guardian or close relative brings (委托书, birth certificate…), from the domain's proxy rule. */
  private proxyMaterials(policy: CityPolicy, a: Record<string, unknown>): string[] {
    if (a.proxyActor !== 'guardian' && a.proxyActor !== 'closeRelative') return [];
    const today = todayIn(this.deps.clock);
    const id = validateIdNumber(String(a.idNumber), today);
    if (!id.ok) return [];
    const rule = proxyRule(policy, {
      applicantAge: ageOn(id.value.birthDate, today),
      disabled: a.disabled === true,
      limitedMobility: a.limitedMobility === true,
      actor: a.proxyActor,
    });
    return rule.ok ? rule.value.materials.map((m) => `${t.proxyMaterialPrefix}${m}`) : [];
  }

  /** The close relative's counter visit: where, and the checklist with what they bring. */
  private async closeRelativeAtCentre(step: WaterfallStepContext): Promise<string | undefined> {
    const policy = await policyFor(this.deps, step.context);
    const a = await this.answers(step.context);
    if (a.proxyActor !== 'closeRelative') return undefined;
    const place = policy.proxy?.value.elderlyOrDisabledPlace;
    if (!place) return undefined;
    const checklist = [
      ...materialsChecklist(policy, { kind: 'registration', residenceTypeId: String(a.residenceType) }),
      ...this.proxyMaterials(policy, a),
    ];
    return `${t.closeRelativeAtCentre(place)}\n${bulletList(checklist)}`;
  }

  private async proxyRefusal(step: WaterfallStepContext): Promise<string | undefined> {
    const policy = await policyFor(this.deps, step.context);
    const a = await this.answers(step.context);
    if (typeof a.proxyActor !== 'string') return undefined;
    const id = validateIdNumber(String(a.idNumber), todayIn(this.deps.clock));
    if (!id.ok) return undefined;
    const rule = proxyRule(policy, {
      applicantAge: ageOn(id.value.birthDate, todayIn(this.deps.clock)),
      disabled: a.disabled === true,
      limitedMobility: a.limitedMobility === true,
      actor: a.proxyActor as ProxyActor,
    });
    return rule.ok ? undefined : rule.problems.map((p) => p.message).join('');
  }

  private async summaryText(step: WaterfallStepContext): Promise<string> {
    const policy = await policyFor(this.deps, step.context);
    const a = await this.answers(step.context);
    const residence = policy.residenceTypes.value.find((r) => r.id === a.residenceType);
    const lines = [
      pt.summaryTitle,
      `${pt.labels.residenceType}：${residence?.name ?? ''}`,
      `${pt.labels.address}：${String(a.address)}`,
      ...applicantLines(a),
    ];
    lines.push(`${pt.labels.photo}：${a.photo === 'existing' ? pt.photoReused : pt.photoUploaded}`);
    lines.push(...relativeLines(a));
    if (typeof a.signedName === 'string') lines.push(`${t.letterLabel}：${t.letterSigned(a.signedName)}`);
    lines.push(...this.materialLines(a));
    return lines.join('\n');
  }

  private editableFields(withLetter: boolean, a: Record<string, unknown>): EditableField[] {
    return [
      addressField(this.deps, 'address', pt.labels.address),
      ...applicantFields(),
      this.photoField(),
      ...(withLetter ? this.relativeFields() : []),
      ...this.materialsFields(a),
    ];
  }
}
