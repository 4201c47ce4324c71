import type { TurnContext } from 'botbuilder';
import {
  WaterfallDialog,
  type DialogTurnResult,
  type WaterfallStep,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Applicant } from '../../domain/application';
import type { SubmissionInput } from '../../domain/submission';
import { CancelAndHelpDialog } from '../cancelAndHelpDialog';
import { fileOwner } from '../../domain/files';
import { checkMaterialFile } from '../../domain/materialRules';
import { materialItems, materialRecords, parseMaterials, type MaterialState } from '../materials/materialItems';
import { addMaterialsDialog, MATERIALS_DIALOG } from '../materials/materialsDialog';
import { materialsTexts as mt } from '../texts/materials';
import type { EditableField } from '../summaryDialog';
import { summaryDialog, type SummaryOptions } from '../summaryDialog';
import { procedureTexts as pt } from '../texts/procedures';
import {
  askIdNumber,
  askName,
  askPhone,
  bulletList,
  policyFor,
  problemsText,
  submitDraft,
  submittedText,
} from './common';
import {
  askRelationship,
  askRelativeName,
  needsKinshipLetter,
  saveSignature,
  showLetterAndAskSignature,
} from './kinship';

type Ask = (step: WaterfallStepContext) => Promise<DialogTurnResult>;

function materialState(s: MaterialState): string {
  if (s.status === 'uploaded') return mt.stateUploaded(s.name ?? '');
  if (s.status === 'onFile') return mt.stateOnFile;
  if (s.status === 'bring') return mt.stateBring;
  return mt.stateMissing;
}
/** What a procedure adds to a submission; the city and the applicant come from the draft. */
export type SubmissionParts = Omit<SubmissionInput, 'idempotencyKey' | 'conversationId' | 'city' | 'applicant'>;

/**
 * The base of the procedures that end in an application (登记, 变更, 新办, 签注, 挂失): the clerk's
 * recurring lines — note the last answer and ask the next, the applicant's details, submit and report.
 */
export abstract class ApplicationDialog extends CancelAndHelpDialog {
  /** The procedure's checklist, in the order the clerk goes through it; it is where the procedure starts. */
  protected addSteps(id: string, steps: WaterfallStep[]): void {
    this.addDialog(new WaterfallDialog(id, steps));
    this.initialDialogId = id;
    if (this.deps.files && !this.findDialog(MATERIALS_DIALOG)) {
      addMaterialsDialog(this, this.deps, {
        load: async (context) => parseMaterials((await this.answers(context)).materials),
        save: (context, states) => this.remember(context, 'materials', states),
        policy: (context) => policyFor(this.deps, context),
      });
    }
  }

  /**
   * The checklist, then (with a file store) the materials step item by item, then the summary. A photo
   * given at the photo prompt counts: the one on file, or an upload that meets the city's rules.
   */
  protected async collectMaterials(
    step: WaterfallStepContext,
    checklist: string[],
    summaryId: string,
    kind: string,
  ): Promise<DialogTurnResult> {
    if (!this.deps.files) return this.showChecklist(step, checklist, summaryId);
    const policy = await policyFor(this.deps, step.context);
    const a = await this.answers(step.context);
    const states = materialItems(policy, checklist, kind, parseMaterials(a.materials));
    const photo = states.find((s) => s.kind === 'photo' && s.status === 'pending');
    if (photo && a.photo === 'existing') photo.status = 'onFile';
    const given = typeof a.photo === 'string' && a.photo.startsWith('file:') ? a.photo.slice(5) : undefined;
    if (photo && given) {
      const file = await this.deps.files.head(given);
      const owner = fileOwner(step.context.activity.channelId, step.context.activity.conversation?.id ?? '');
      if (file && file.owner === owner && checkMaterialFile(policy, 'photo', file).refusals.length === 0)
        Object.assign(photo, { status: 'uploaded', fileId: file.id, name: file.name });
    }
    await this.remember(step.context, 'materials', states);
    await step.context.sendActivity(`${pt.checklistTitle}\n${bulletList(checklist)}`);
    return step.beginDialog(MATERIALS_DIALOG, { then: summaryId, intro: true });
  }

  /** The materials as the summary shows them, one line each (none without a materials step). */
  protected materialLines(answers: Record<string, unknown>): string[] {
    const states = parseMaterials(answers.materials);
    if (states.length === 0) return [];
    return [`${mt.summaryLabel}：`, ...states.map((s) => `· ${mt.summaryLine(s.item, materialState(s))}`)];
  }

  /** The summary's 「修改材料」: pick one item and upload it again (or bring it). */
  protected materialsFields(answers: Record<string, unknown>): EditableField[] {
    if (!this.deps.files || parseMaterials(answers.materials).length === 0) return [];
    return [
      { key: 'materials', label: mt.summaryLabel, ask: (s) => s.beginDialog(MATERIALS_DIALOG, { choose: true }) },
    ];
  }

  /** The summary page with the usual words (确认提交); a change made there is kept in the draft. */
  protected addSummary(id: string, o: Pick<SummaryOptions, 'render' | 'fields'> & Partial<SummaryOptions>): void {
    this.addDialog(
      summaryDialog(id, {
        confirmTitle: pt.confirmSubmit,
        editPrefix: pt.editPrefix,
        question: pt.summaryQuestion,
        save: (step, key, value) => this.remember(step.context, key, value),
        ...o,
      }),
    );
  }

  /** Shows the resident's personal materials checklist, then the summary `summaryId`. */
  protected async showChecklist(
    step: WaterfallStepContext,
    checklist: string[],
    summaryId: string,
  ): Promise<DialogTurnResult> {
    await step.context.sendActivity(`${pt.checklistTitle}\n${bulletList(checklist)}`);
    return step.beginDialog(summaryId);
  }

  /**
   * One checklist line: keeps the previous prompt's answer under `keep` (a skipped step brings none),
   * then asks — or moves on when `skipWhenKnown` is already in the draft (prefilled earlier).
   */
  protected keepAndAsk(keep: string | undefined, ask: Ask, skipWhenKnown?: string): WaterfallStep {
    return async (step) => {
      if (keep && typeof step.result === 'string') await this.remember(step.context, keep, step.result);
      if (skipWhenKnown && (await this.answers(step.context))[skipWhenKnown]) return step.next();
      return ask(step);
    };
  }

  /**
   * Name → ID number → phone. `keep` names the answer asked just before; the step after keeps 'phone'.
   * With `skipKnown`, details prefilled from an earlier application are not asked again (editable in the summary).
   */
  protected applicantSteps(keep: string | undefined, skipKnown = false): WaterfallStep[] {
    return [
      this.keepAndAsk(keep, askName, skipKnown ? 'name' : undefined),
      this.keepAndAsk('name', askIdNumber, skipKnown ? 'idNumber' : undefined),
      this.keepAndAsk('idNumber', askPhone, skipKnown ? 'phone' : undefined),
    ];
  }

  /** Takes over the applicant of an earlier application of this conversation. */
  protected async rememberApplicant(context: TurnContext, applicant: Applicant): Promise<void> {
    await this.remember(context, 'name', applicant.name);
    await this.remember(context, 'idNumber', applicant.idNumber);
    await this.remember(context, 'phone', applicant.phone);
  }

  /**
   * The last step: unless the summary said 提交, stops; else submits the draft and says the reference
   * number, expected date and `nextSteps` — or the problems, and shows the summary `summaryId` again.
   */
  protected async submitAndReport(
    step: WaterfallStepContext,
    summaryId: string,
    nextSteps: string,
    parts: (a: Record<string, unknown>) => SubmissionParts,
  ): Promise<DialogTurnResult> {
    if (step.result !== 'submit') return step.endDialog();
    const policy = await policyFor(this.deps, step.context);
    const draft = await this.draft(step.context);
    const a = draft.answers;
    const materials = parseMaterials(a.materials);
    const result = await submitDraft(this.deps, step.context, draft, {
      city: policy.id,
      applicant: { name: String(a.name), idNumber: String(a.idNumber), phone: String(a.phone) },
      ...parts(a),
      ...(materials.length ? { materials: materialRecords(materials) } : {}),
    });
    if (!result.ok) {
      await step.context.sendActivity(problemsText(result.problems));
      return step.replaceDialog(summaryId);
    }
    // The files were stored at upload; linking them to the application makes them part of it (staff
    // review, erasure with it) before the resident hears the reference number.
    for (const m of materials)
      if (m.status === 'uploaded' && m.fileId)
        await this.deps.files?.attach(m.fileId, result.value.referenceNumber, m.item);
    await step.context.sendActivity(submittedText(result.value, policy, nextSteps));
    return step.endDialog(result.value.referenceNumber);
  }

  /**
   * Living with relatives: the relative's name → how related → the letter shown and signed; otherwise
   * passed over. `keep` names the answer asked just before; the step after gets the signature.
   */
  protected kinshipLetterSteps(keep: string): WaterfallStep[] {
    return [
      async (step) => {
        await this.remember(step.context, keep, step.result);
        if (!(await this.needsLetter(step))) return step.next();
        return askRelativeName(step);
      },
      async (step) => {
        if (!(await this.needsLetter(step))) return step.next();
        await this.remember(step.context, 'relativeName', step.result);
        return askRelationship(step);
      },
      async (step) => {
        if (!(await this.needsLetter(step))) return step.next();
        await this.remember(step.context, 'relationship', step.result);
        return this.showLetter(step);
      },
    ];
  }

  protected async needsLetter(step: WaterfallStepContext): Promise<boolean> {
    return needsKinshipLetter(await policyFor(this.deps, step.context), await this.answers(step.context));
  }

  /** Generates the letter, shows it, and asks for the full name as signature. */
  protected async showLetter(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const policy = await policyFor(this.deps, step.context);
    return showLetterAndAskSignature(step, policy, this.deps.clock, await this.answers(step.context), (c, k, v) =>
      this.remember(c, k, v),
    );
  }

  protected async saveSignature(step: WaterfallStepContext, value: unknown): Promise<void> {
    await saveSignature(step, this.deps.clock, value, (c, k, v) => this.remember(c, k, v));
  }

  /** Changing a detail printed in the letter means the letter is made again and signed again. */
  protected async letterAfterEdit(step: WaterfallStepContext, key: string): Promise<DialogTurnResult | undefined> {
    if (!['name', 'idNumber', 'address'].includes(key) || !(await this.needsLetter(step))) return undefined;
    return this.showLetter(step);
  }
}
