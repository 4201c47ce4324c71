import { type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { materialsChecklist } from '../../domain/checklist';
import { formatChineseDate, todayIn } from '../../domain/dates';
import {
  eligibilityForPermit,
  permitConditionsText,
  permitEarliestDate,
  residenceAloneQualifies,
  type Occupation,
} from '../../domain/eligibility';
import type { Application, PickupMethod } from '../../domain/application';
import type { CityPolicy } from '../../domain/policies';
import { askPickup, askPostAddressIfPosted, pickupOptions } from './pickup';
import { recordReminderRequest } from '../records';
import { ask, askChoice, PROMPT } from '../prompts';
import type { EditableField } from '../summaryDialog';
import { permitTexts as t } from '../texts/permit';
import { procedureTexts as pt } from '../texts/procedures';
import type { DialogDeps } from '../types';
import { ApplicationDialog, type SubmissionParts } from './applicationDialog';
import { signedLetter } from './kinship';
import {
  applicantFields,
  applicantLines,
  askAddress,
  askIdNumber,
  askName,
  askPhone,
  bulletList,
  occupationOptions,
  policyFor,
  yesNoOptions,
  addressField,
} from './common';
import type { ChoiceOption } from '../choices';

const STEPS = 'permit.steps';
const SUMMARY = 'permit.summary';

/** The occupation question with the city's conditions and options. */
function occupationChoices(policy: CityPolicy): { question: string; options: ChoiceOption[] } {
  // Chengdu: a legal stable home alone qualifies (003), so "none of these" is a residence-based application.
  const none = residenceAloneQualifies(policy) ? t.occupationResidenceOnly : t.occupationNone;
  return {
    question: t.occupationAsk(permitConditionsText(policy)),
    options: [
      ...occupationOptions(policy),
      { id: 'none', title: none, synonyms: ['都不是', '以上都不是', '没有', '无业', '住所', '凭住所'] },
    ],
  };
}

/**
 * 居住证新办: registration held long enough (else the exact date and a reminder) → occupation and its
 * proofs → applicant → photo → address change → pickup or post → checklist → summary → submit.
 */
export class PermitApplicationDialog extends ApplicationDialog {
  constructor(deps: DialogDeps) {
    super('permit', deps, 'procedure.permit', t.title);
    this.addSteps(STEPS, [
      this.registeredOnStep.bind(this),
      this.sixMonthStep.bind(this),
      this.reminderStep.bind(this),
      this.proofsStep.bind(this),
      this.keepAndAsk('name', askIdNumber, 'idNumber'),
      this.keepAndAsk('idNumber', askPhone, 'phone'),
      this.photoStep.bind(this),
      this.addressChangeStep.bind(this),
      this.newAddressStep.bind(this),
      ...this.residenceSteps('address'),
      this.keepAndAsk(undefined, (s) => askPickup(s, this.deps)),
      this.keepAndAsk('pickup', (s) => askPostAddressIfPosted(s, this.deps)),
      this.checklistStep.bind(this),
    ]);
    this.addSummary(SUMMARY, {
      render: (step) => this.summaryText(step),
      fields: (step) => this.editableFields(step),
      afterEdit: (step, key) => this.afterEdit(step, key),
      afterEditAnswer: (step, key, value) => this.afterFieldEditAnswer(step, key, value),
      submit: { nextSteps: t.nextSteps, parts: (a) => this.submissionParts(a) },
    });
  }

  /** Asks when the residence registration was done, unless this conversation's own registration says it. */
  private async registeredOnStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const policy = await policyFor(this.deps, step.context);
    const earlier = await this.earlierRegistration(step, policy);
    if (earlier) {
      await this.rememberApplicant(step.context, earlier.app.applicant);
      await this.remember(step.context, 'registrationReference', earlier.app.referenceNumber);
      if (earlier.confirmedOn) {
        await step.context.sendActivity(
          t.registeredOnFromRecord(earlier.app.referenceNumber, formatChineseDate(earlier.confirmedOn)),
        );
        return step.next(earlier.confirmedOn);
      }
      await step.context.sendActivity(t.registrationNotConfirmed(earlier.app.referenceNumber));
    }
    return ask(step, PROMPT.pastDate, t.registeredOnAsk(policy.minRegistrationMonths.value), { exactDay: true });
  }

  /** The latest registration made in this conversation for this city, and the day staff confirmed it. */
  private async earlierRegistration(
    step: WaterfallStepContext,
    policy: CityPolicy,
  ): Promise<{ app: Application; confirmedOn?: string } | undefined> {
    const conversationId = step.context.activity.conversation?.id;
    if (!conversationId) return undefined;
    const app = await this.deps.applications.latestFor({ conversationId, city: policy.id, kinds: ['registration'] });
    if (!app || app.status === 'rejected') return undefined;
    const approvedAt = app.timeline.find((e) => e.to === 'approved')?.at;
    return approvedAt ? { app, confirmedOn: todayIn({ now: () => new Date(approvedAt) }) } : { app };
  }

  /** Checks the minimum registration period; too early: the exact date and an offer to remind. */
  private async sixMonthStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const registeredOn = String(step.result);
    await this.remember(step.context, 'registeredOn', registeredOn);
    const policy = await policyFor(this.deps, step.context);
    const earliest = permitEarliestDate(policy, registeredOn);
    if (earliest > todayIn(this.deps.clock)) {
      await step.context.sendActivity(t.tooEarly(policy.minRegistrationMonths.value, formatChineseDate(earliest)));
      return askChoice(step, t.reminderAsk, yesNoOptions(t.reminderYes, t.reminderNo));
    }
    await step.context.sendActivity(t.eligibleFrom(formatChineseDate(earliest)));
    const { question, options } = occupationChoices(policy);
    return askChoice(step, question, options);
  }

  /** Records the reminder wish and ends, or (eligible) stores the occupation and carries on. */
  private async reminderStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const policy = await policyFor(this.deps, step.context);
    const registeredOn = String((await this.answers(step.context)).registeredOn);
    if (step.result === 'yes' || step.result === 'no') {
      const dueOn = permitEarliestDate(policy, registeredOn);
      if (step.result === 'yes') {
        await recordReminderRequest(this.deps.store, this.deps.clock, step.context, {
          kind: 'permitEligible',
          city: policy.id,
          dueOn,
        });
        await step.context.sendActivity(t.reminderSaved(formatChineseDate(dueOn)));
      } else {
        await step.context.sendActivity(t.reminderDeclined);
      }
      return step.endDialog();
    }
    const occupation = String(step.result) as Occupation;
    await this.remember(step.context, 'occupation', occupation);
    const eligibility = eligibilityForPermit(
      policy,
      { registeredOn, occupation, hasStableResidence: true },
      todayIn(this.deps.clock),
    );
    if (!eligibility.eligible) {
      await step.context.sendActivity(
        `${t.occupationRefused}\n${bulletList(eligibility.reasons.map((r) => r.message))}`,
      );
      return step.endDialog();
    }
    return step.next();
  }

  /** Shows the proofs for the chosen occupation, then asks the applicant's name. */
  private async proofsStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const policy = await policyFor(this.deps, step.context);
    const chosen = (await this.answers(step.context)).occupation;
    const occupation = policy.occupations.value.find((o) => o.id === chosen);
    if (occupation)
      await step.context.sendActivity(`${t.proofsIntro(occupation.name)}\n${bulletList(occupation.proofs)}`);
    // Known from the resident's registration in this conversation: not asked again (editable in the summary).
    if ((await this.answers(step.context)).name) return step.next();
    return askName(step);
  }

  /** Asks for the photo: the one on file or an upload. */
  private async photoStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (typeof step.result === 'string') await this.remember(step.context, 'phone', step.result);
    return this.askCheckedPhoto(step);
  }

  /** Asks whether the address on the permit differs from the registered one. */
  private async addressChangeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await this.remember(step.context, 'photo', step.result);
    return askChoice(step, t.addressChangeAsk, [
      { id: 'same', title: t.addressSame, synonyms: ['一样', '不变', '没变', '相同', '是'] },
      { id: 'changed', title: t.addressChanged, synonyms: ['变了', '不一样', '变更', '换了', '搬家'] },
    ]);
  }

  private async newAddressStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result !== 'changed') return step.next();
    return askAddress(step, await policyFor(this.deps, step.context), t.newAddressAsk);
  }

  /** Checks the post address is inside the city, then shows the checklist and the summary. */
  private async checklistStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const policy = await policyFor(this.deps, step.context);
    if (typeof step.result === 'string') await this.remember(step.context, 'postAddress', step.result);
    const a = await this.answers(step.context);
    const checklist = materialsChecklist(policy, {
      kind: 'permit',
      occupation: String(a.occupation),
      residenceTypeId: String(a.residenceType),
    });
    return this.collectMaterials(step, checklist, SUMMARY, 'permit');
  }

  /** What a permit adds to the submission: registration date, occupation, photo, address and pickup. */
  private submissionParts(a: Record<string, unknown>): SubmissionParts {
    const answers: Record<string, string> = {
      registeredOn: String(a.registeredOn),
      occupation: String(a.occupation),
      photo: String(a.photo),
      ...this.residenceAnswers(a),
    };
    const method = a.pickup as PickupMethod;
    return {
      kind: 'permit',
      answers,
      pickup: method === 'post' ? { method, address: String(a.postAddress) } : { method },
      ...signedLetter(a),
    };
  }

  private async summaryText(step: WaterfallStepContext): Promise<string> {
    const policy = await policyFor(this.deps, step.context);
    const a = await this.answers(step.context);
    const occupation = policy.occupations.value.find((o) => o.id === a.occupation);
    const pickup = pickupOptions(policy).find((o) => o.id === a.pickup);
    const lines = [
      pt.summaryTitle,
      `${t.labels.registeredOn}：${formatChineseDate(String(a.registeredOn))}`,
      `${pt.labels.occupation}：${occupation?.name ?? (a.occupation === 'none' ? t.occupationResidenceOnly : '')}`,
      ...applicantLines(a),
    ];
    lines.push(`${pt.labels.photo}：${a.photo === 'existing' ? pt.photoReused : pt.photoUploaded}`);
    lines.push(`${t.labels.newAddress}：${typeof a.address === 'string' ? a.address : t.addressUnchanged}`);
    const residence = this.residenceLines(policy, a);
    lines.push(residence.type, ...residence.letter);
    lines.push(`${pt.labels.pickup}：${pickup?.title ?? ''}`);
    if (a.pickup === 'post') lines.push(`${t.labels.postAddress}：${String(a.postAddress)}`);
    lines.push(...this.materialLines(a));
    return lines.join('\n');
  }

  private async editableFields(step: WaterfallStepContext): Promise<EditableField[]> {
    const a = await this.answers(step.context);
    const fields: EditableField[] = [
      {
        key: 'registeredOn',
        label: t.labels.registeredOn,
        ask: (s) => ask(s, PROMPT.pastDate, t.registeredOnEdit, { exactDay: true }),
      },
      addressField(this.deps, 'address', t.labels.newAddress, t.newAddressAsk),
      this.occupationField(occupationChoices),
      ...applicantFields(),
      this.photoField(),
      ...((await this.needsLetter(step)) ? this.relativeFields() : []),
      ...this.pickupFields(a),
      ...this.materialsFields(a),
    ];
    return fields;
  }

  /** A corrected registration date is checked again at once, so the resident is not surprised at submit. */
  private async afterEdit(step: WaterfallStepContext, key: string): Promise<DialogTurnResult | undefined> {
    if (key !== 'registeredOn') return this.afterFieldEdit(step, key);
    const policy = await policyFor(this.deps, step.context);
    const earliest = permitEarliestDate(policy, String((await this.answers(step.context)).registeredOn));
    if (earliest > todayIn(this.deps.clock)) {
      await step.context.sendActivity(t.tooEarly(policy.minRegistrationMonths.value, formatChineseDate(earliest)));
      await step.context.sendActivity(t.tooEarlyAfterEdit);
    }
    return undefined;
  }
}
