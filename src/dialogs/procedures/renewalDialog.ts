import { type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { PickupMethod } from '../../domain/application';
import { materialsChecklist } from '../../domain/checklist';
import { formatChineseDate, todayIn } from '../../domain/dates';
import { eligibilityForRenewal, permitConditionsText, residenceAloneQualifies } from '../../domain/eligibility';
import { recordReminderRequest } from '../records';
import { ask, askChoice, PROMPT } from '../prompts';
import type { EditableField } from '../summaryDialog';
import { procedureTexts as pt } from '../texts/procedures';
import { renewalTexts as t } from '../texts/renewal';
import type { DialogDeps } from '../types';
import { ApplicationDialog } from './applicationDialog';
import { applicantFields, applicantLines, bulletList, occupationOptions, policyFor, yesNoOptions } from './common';
import { askPickup, askPostAddressIfPosted, pickupOptions } from './permitApplicationDialog';
import { permitTexts } from '../texts/permit';

const STEPS = 'renewal.steps';
const SUMMARY = 'renewal.summary';

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
      this.keepAndAsk('phone', (s) => askPickup(s, this.deps)),
      this.keepAndAsk('pickup', (s) => askPostAddressIfPosted(s, this.deps)),
      this.checklistStep.bind(this),
      this.submitStep.bind(this),
    ]);
    this.addSummary(SUMMARY, {
      render: (step) => this.summaryText(step),
      fields: (step) => this.editableFields(step),
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
    return ask(step, PROMPT.date, t.expiresAsk, { exactDay: true });
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
      const residenceAlone = residenceAloneQualifies(policy);
      const options = occupationOptions(policy);
      if (residenceAlone) options.push({ id: 'none', title: t.occupationResidenceOnly, synonyms: ['都不是', '住所'] });
      return askChoice(step, t.occupationAsk(policy.name, permitConditionsText(policy), residenceAlone), options);
    }
    await step.context.sendActivity(result.reasons.map((r) => r.message).join('\n'));
    await this.remember(step.context, 'outside', result.reasons[0]?.code ?? 'refused');
    if (result.reasons.some((r) => r.code === 'expired')) {
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
    const checklist = materialsChecklist(policy, { kind: 'renewal', occupation: String(a.occupation) });
    return this.collectMaterials(step, checklist, SUMMARY, 'renewal');
  }

  private async submitStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return this.submitAndReport(step, SUMMARY, t.nextSteps, (a) => {
      const answers: Record<string, string> = { expiresOn: String(a.expiresOn), occupation: String(a.occupation) };
      if (typeof a.prefilledFrom === 'string') answers.previousReference = a.prefilledFrom;
      return {
        kind: 'renewal',
        answers,
        pickup:
          a.pickup === 'post'
            ? { method: 'post', address: String(a.postAddress) }
            : { method: a.pickup as PickupMethod },
      };
    });
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
      `${pt.labels.pickup}：${pickup?.title ?? ''}`,
    ];
    if (a.pickup === 'post') lines.push(`${permitTexts.labels.postAddress}：${String(a.postAddress)}`);
    lines.push(...this.materialLines(a));
    return lines.join('\n');
  }

  private async editableFields(step: WaterfallStepContext): Promise<EditableField[]> {
    return [...applicantFields(), ...this.materialsFields(await this.answers(step.context))];
  }
}
