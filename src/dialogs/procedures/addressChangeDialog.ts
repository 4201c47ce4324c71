import { type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { materialsChecklist } from '../../domain/checklist';
import { formatChineseDate, todayIn } from '../../domain/dates';
import { addressChangeDeadline } from '../../domain/eligibility';
import { ask, PROMPT } from '../prompts';
import type { EditableField } from '../summaryDialog';
import { addressChangeTexts as t } from '../texts/addressChange';
import { procedureTexts as pt } from '../texts/procedures';
import type { DialogDeps } from '../types';
import { ApplicationDialog, type SubmissionParts } from './applicationDialog';
import { applicantFields, applicantLines, askAddress, policyFor, askResidence, addressField } from './common';
import { relativeLines, signedLetter } from './kinship';

const STEPS = 'addressChange.steps';
const SUMMARY = 'addressChange.summary';

/**
 * 居住登记地址变更: moving date (the city's deadline, e.g. 30 days) → new residence type → new address
 * → applicant → (relatives) commitment letter → checklist → summary → submit.
 */
export class AddressChangeDialog extends ApplicationDialog {
  constructor(deps: DialogDeps) {
    super('addressChange', deps, 'procedure.addressChange', t.title);
    this.addSteps(STEPS, [
      this.movedOnStep.bind(this),
      this.residenceTypeStep.bind(this),
      this.addressStep.bind(this),
      ...this.applicantSteps('address'),
      ...this.kinshipLetterSteps('phone'),
      this.checklistStep.bind(this),
    ]);
    this.addSummary(SUMMARY, {
      render: (step) => this.summaryText(step),
      fields: async (step) => this.editableFields(await this.needsLetter(step)),
      afterEdit: (step, key) => this.afterFieldEdit(step, key),
      afterEditAnswer: (step, key, value) => this.afterFieldEditAnswer(step, key, value),
      submit: { nextSteps: t.nextSteps, parts: (a) => this.submissionParts(a) },
    });
  }

  /** Asks the moving date. */
  private async movedOnStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return ask(step, PROMPT.pastDate, t.movedOnAsk, { exactDay: true });
  }

  /** Tells the deadline (or that the sources give none), then asks the new residence type. */
  private async residenceTypeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const movedOn = String(step.result);
    await this.remember(step.context, 'movedOn', movedOn);
    const policy = await policyFor(this.deps, step.context);
    const deadline = addressChangeDeadline(policy, movedOn);
    const days = policy.addressChangeDeadlineDays?.value;
    if (!deadline || days === undefined) await step.context.sendActivity(t.noDeadline(policy.name));
    else if (deadline.overdue(todayIn(this.deps.clock)))
      await step.context.sendActivity(t.overdue(days, formatChineseDate(deadline.deadline)));
    else await step.context.sendActivity(t.inTime(days, formatChineseDate(deadline.deadline)));
    return askResidence(step, policy, t.residenceAsk);
  }

  private async addressStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await this.remember(step.context, 'residenceType', step.result);
    return askAddress(step, await policyFor(this.deps, step.context), t.addressAsk);
  }

  private async checklistStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (await this.needsLetter(step)) await this.saveSignature(step, step.result);
    const policy = await policyFor(this.deps, step.context);
    const a = await this.answers(step.context);
    const checklist = materialsChecklist(policy, { kind: 'addressChange', residenceTypeId: String(a.residenceType) });
    return this.showChecklist(step, checklist, SUMMARY);
  }

  private submissionParts(a: Record<string, unknown>): SubmissionParts {
    const answers: Record<string, string> = {
      movedOn: String(a.movedOn),
      residenceType: String(a.residenceType),
      address: String(a.address),
    };
    if (typeof a.relativeName === 'string') answers.relativeName = a.relativeName;
    if (typeof a.relationship === 'string') answers.relationship = a.relationship;
    return { kind: 'addressChange', answers, ...signedLetter(a) };
  }

  private async summaryText(step: WaterfallStepContext): Promise<string> {
    const policy = await policyFor(this.deps, step.context);
    const a = await this.answers(step.context);
    const residence = policy.residenceTypes.value.find((r) => r.id === a.residenceType);
    return [
      pt.summaryTitle,
      `${t.labels.movedOn}：${formatChineseDate(String(a.movedOn))}`,
      `${pt.labels.residenceType}：${residence?.name ?? ''}`,
      `${t.labels.newAddress}：${String(a.address)}`,
      ...applicantLines(a),
      ...relativeLines(a),
    ].join('\n');
  }

  private editableFields(withLetter: boolean): EditableField[] {
    return [
      {
        key: 'movedOn',
        label: t.labels.movedOn,
        ask: (s) => ask(s, PROMPT.pastDate, t.movedOnAsk, { exactDay: true }),
      },
      addressField(this.deps, 'address', t.labels.newAddress, t.addressAsk),
      ...applicantFields(),
      ...(withLetter ? this.relativeFields() : []),
    ];
  }
}
