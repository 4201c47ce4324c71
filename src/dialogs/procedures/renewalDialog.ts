import { type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { PickupMethod } from '../../domain/application';
import { materialsChecklist } from '../../domain/checklist';
import { formatChineseDate, todayIn } from '../../domain/dates';
import { eligibilityForRenewal, permitConditionsText, residenceAloneQualifies } from '../../domain/eligibility';
import { recordReminderRequest } from '../records';
import { ask, askChoice, PROMPT, withButtons } from '../prompts';
import { commonTexts } from '../texts/common';
import type { EditableField } from '../summaryDialog';
import { procedureTexts as pt } from '../texts/procedures';
import { renewalTexts as t } from '../texts/renewal';
import type { DialogDeps } from '../types';
import { render } from '../../messages';
import { ApplicationDialog, type SubmissionParts } from './applicationDialog';
import {
  addressField,
  applicantFields,
  applicantLines,
  bulletList,
  occupationOptions,
  policyFor,
  yesNoOptions,
} from './common';
import { signedLetter } from './kinship';
import { askPickup, askPostAddressIfPosted, pickupOptions } from './pickup';
import { permitTexts } from '../texts/permit';
import type { CityPolicy } from '../../domain/policies';
import type { ChoiceOption } from '../choices';

const STEPS = 'renewal.steps';
const SUMMARY = 'renewal.summary';

/** The occupation question with the city's conditions (a home alone qualifies where the city says so). */
function occupationChoices(policy: CityPolicy): { question: string; options: ChoiceOption[] } {
  const residenceAlone = residenceAloneQualifies(policy);
  const options = occupationOptions(policy);
  if (residenceAlone) options.push({ id: 'none', title: t.occupationResidenceOnly, synonyms: ['都不是', '住所'] });
  return { question: t.occupationAsk(policy.name, permitConditionsText(policy), residenceAlone), options };
}

/**
 * 签注/续签: prefilled from an earlier application of this conversation → expiry date → window check
 * (too early: the opening date and a reminder; expired: register again, offered) → occupation proofs
 * → applicant (unless prefilled) → pickup → checklist → summary → submit.
 */
export class RenewalDialog extends ApplicationDialog {
  constructor(deps: DialogDeps) {
    super('renewal', deps, 'procedure.renewal', t.title);
    this.addSteps(STEPS, [
      this.prefillStep.bind(this),
      this.windowStep.bind(this),
      this.outsideWindowStep.bind(this),
      ...this.applicantSteps(undefined, true),
      ...this.residenceSteps('phone'),
      this.keepAndAsk(undefined, (s) => askPickup(s, this.deps)),
      this.keepAndAsk('pickup', (s) => askPostAddressIfPosted(s, this.deps)),
      this.checklistStep.bind(this),
    ]);
    this.addSummary(SUMMARY, {
      render: (step) => this.summaryText(step),
      fields: async (step) => this.editableFields(await this.answers(step.context), await this.needsLetter(step)),
      afterEdit: (step, key) => this.afterFieldEdit(step, key),
      afterEditAnswer: (step, key, value) => this.afterFieldEditAnswer(step, key, value),
      submit: { nextSteps: t.nextSteps, parts: (a) => this.submissionParts(a) },
    });
  }

  /** Prefills the applicant from this conversation's latest permit or renewal, then asks the expiry date. */
  private async prefillStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const policy = await policyFor(this.deps, step.context);
    const conversationId = step.context.activity.conversation?.id;
    const earlier = conversationId
      ? await this.deps.applications.latestFor({ conversationId, city: policy.id, kinds: ['permit', 'renewal'] })
      : undefined;
    if (earlier) {
      await this.rememberApplicant(step.context, earlier.applicant);
      await this.remember(step.context, 'prefilledFrom', earlier.referenceNumber);
      await step.context.sendActivity(t.prefilled(earlier.referenceNumber));
    }
    return ask(step, PROMPT.expiryDate, t.expiresAsk, { exactDay: true });
  }

  /** Checks the renewal window for the city. */
  private async windowStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const expiresOn = String(step.result);
    await this.remember(step.context, 'expiresOn', expiresOn);
    const policy = await policyFor(this.deps, step.context);
    const result = eligibilityForRenewal(policy, { expiresOn }, todayIn(this.deps.clock));
    if (result.eligible) {
      // Where the city states no window, "在签注时间内" would claim what the sources do not say.
      await step.context.sendActivity(
        [result.notes?.length ? t.notExpiredYet : t.windowOpen, ...(result.notes ?? [])].join('\n'),
      );
      const { question, options } = occupationChoices(policy);
      return askChoice(step, question, options);
    }
    await step.context.sendActivity(result.reasons.map((r) => r.message).join('\n'));
    await this.remember(step.context, 'outside', result.reasons[0]?.code ?? 'refused');
    if (result.reasons.some((r) => r.code === 'expired')) {
      // "Register again" is what a city's documents say (Shanghai, 001); where they say nothing (Chengdu),
      // no procedure is offered in its place (walk R1-M8): the resident can ask a person.
      if (!policy.expiredPermit) {
        await step.context.sendActivity(withButtons(render('renewal.expired.askPerson'), [commonTexts.handoffAction]));
        return step.endDialog();
      }
      return askChoice(step, t.expiredOffer, yesNoOptions(t.startRegistration, t.notNow));
    }
    if (result.earliestDate) {
      await this.remember(step.context, 'windowOpens', result.earliestDate);
      return askChoice(step, t.tooEarlyReminder, yesNoOptions(t.reminderYes, t.reminderNo));
    }
    return step.endDialog();
  }

  /** Outside the window: records a reminder, or hands over to registration; inside: stores the occupation. */
  private async outsideWindowStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const a = await this.answers(step.context);
    const policy = await policyFor(this.deps, step.context);
    if (a.outside === 'expired') {
      if (step.result === 'yes') return step.endDialog({ startNext: 'procedure.registration' });
      await step.context.sendActivity(t.notNowReply);
      return step.endDialog();
    }
    if (typeof a.windowOpens === 'string') {
      if (step.result === 'yes') {
        await recordReminderRequest(this.deps.store, this.deps.clock, step.context, {
          kind: 'renewalWindow',
          city: policy.id,
          dueOn: a.windowOpens,
          expiresOn: String(a.expiresOn),
        });
        await step.context.sendActivity(t.reminderSaved(formatChineseDate(a.windowOpens)));
      } else {
        await step.context.sendActivity(t.reminderDeclined);
      }
      return step.endDialog();
    }
    await this.remember(step.context, 'occupation', step.result);
    const occupation = policy.occupations.value.find((o) => o.id === step.result);
    if (occupation)
      await step.context.sendActivity(`${permitTexts.proofsIntro(occupation.name)}\n${bulletList(occupation.proofs)}`);
    return step.next();
  }

  private async checklistStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (typeof step.result === 'string') await this.remember(step.context, 'postAddress', step.result);
    const policy = await policyFor(this.deps, step.context);
    const a = await this.answers(step.context);
    const checklist = materialsChecklist(policy, {
      kind: 'renewal',
      occupation: String(a.occupation),
      residenceTypeId: String(a.residenceType),
    });
    return this.collectMaterials(step, checklist, SUMMARY, 'renewal');
  }

  private submissionParts(a: Record<string, unknown>): SubmissionParts {
    const answers: Record<string, string> = {
      expiresOn: String(a.expiresOn),
      occupation: String(a.occupation),
      ...this.residenceAnswers(a),
    };
    if (typeof a.prefilledFrom === 'string') answers.previousReference = a.prefilledFrom;
    return {
      kind: 'renewal',
      answers,
      pickup:
        a.pickup === 'post' ? { method: 'post', address: String(a.postAddress) } : { method: a.pickup as PickupMethod },
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
      `${t.labels.expiresOn}：${formatChineseDate(String(a.expiresOn))}`,
      `${pt.labels.occupation}：${occupation?.name ?? (a.occupation === 'none' ? t.occupationResidenceOnly : '')}`,
      ...applicantLines(a),
    ];
    const residence = this.residenceLines(policy, a);
    lines.push(residence.type);
    if (typeof a.address === 'string')
      lines.push(render('summary.line', { label: pt.labels.address, value: a.address }));
    lines.push(...residence.letter);
    lines.push(`${pt.labels.pickup}：${pickup?.title ?? ''}`);
    if (a.pickup === 'post') lines.push(`${permitTexts.labels.postAddress}：${String(a.postAddress)}`);
    lines.push(...this.materialLines(a));
    return lines.join('\n');
  }

  private editableFields(a: Record<string, unknown>, withLetter: boolean): EditableField[] {
    return [
      {
        key: 'expiresOn',
        label: t.labels.expiresOn,
        ask: (s) => ask(s, PROMPT.expiryDate, t.expiresAsk, { exactDay: true }),
      },
      this.occupationField(occupationChoices),
      ...applicantFields(),
      ...(withLetter ? [addressField(this.deps, 'address', pt.labels.address), ...this.relativeFields()] : []),
      ...this.pickupFields(a),
      ...this.materialsFields(a),
    ];
  }
}
