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
import { askChoice, checkAddress, type Check } from '../prompts';
import { matchChoice } from '../choices';
import { commonTexts } from '../texts/common';
import { summaryDialog, summaryPageId, type EditableField, type SummaryOptions } from '../summaryDialog';
import { permitTexts } from '../texts/permit';
import { registrationTexts } from '../texts/registration';
import { procedureTexts as pt } from '../texts/procedures';
import { render } from '../../messages';
import {
  askAddress,
  askIdNumber,
  askName,
  askPhone,
  askPhoto,
  askResidence,
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
  relativeLines,
  saveSignature,
  showLetterAndAskSignature,
} from './kinship';
import { askPickup, askPostAddress, pickupOptions, postAddressOutside } from './pickup';
import type { CityPolicy } from '../../domain/policies';
import type { ChoiceOption } from '../choices';

/** A choice given in words ("改成邮政直投"), read as the choice prompt reads it. */
function choiceCheck(value: string, options: ChoiceOption[]): Check {
  const id = matchChoice(value, options);
  return id ? { ok: true, value: id } : { ok: false, reason: commonTexts.choiceUnknown };
}

/** Details printed in the kinship letter: changing one means signing again. */
const LETTER_FIELDS = ['name', 'idNumber', 'address', 'relativeName', 'relationship'];

type Ask = (step: WaterfallStepContext) => Promise<DialogTurnResult>;

function materialState(s: MaterialState): string {
  if (s.status === 'uploaded') return mt.stateUploaded(s.name ?? '');
  if (s.status === 'onFile') return mt.stateOnFile;
  if (s.status === 'bring') return mt.stateBring;
  return mt.stateMissing;
}
/** What a procedure adds to a submission; the city and the applicant come from the draft. */
export type SubmissionParts = Omit<SubmissionInput, 'idempotencyKey' | 'conversationId' | 'city' | 'applicant'>;
/** How a procedure's draft becomes a submission, and what the resident is told to do after it. */
export interface Submission {
  nextSteps: string;
  parts(a: Record<string, unknown>): SubmissionParts;
}

/**
 * The base of the procedures that end in an application (登记, 变更, 新办, 签注, 挂失): the clerk's
 * recurring lines — note the last answer and ask the next, the applicant's details, submit and report.
 */
/** The photo question with the city's and the system's photo checks, asked again until a photo passes. */
const PHOTO_DIALOG = 'application.photo';

export abstract class ApplicationDialog extends CancelAndHelpDialog {
  /** The procedure's checklist, in the order the clerk goes through it; it is where the procedure starts. */
  protected addSteps(id: string, steps: WaterfallStep[]): void {
    this.addDialog(new WaterfallDialog(id, steps));
    this.initialDialogId = id;
    this.addDialog(
      new WaterfallDialog(PHOTO_DIALOG, [
        async (step) => askPhoto(step, await policyFor(this.deps, step.context)),
        (step) => this.checkedPhoto(step),
      ]),
    );
    if (this.deps.files && !this.findDialog(MATERIALS_DIALOG)) {
      addMaterialsDialog(this, this.deps, {
        load: async (context) => parseMaterials((await this.answers(context)).materials),
        save: (context, states) => this.remember(context, 'materials', states),
        policy: (context) => policyFor(this.deps, context),
      });
    }
  }

  /** Asks for the photo (the one on file or an upload); the answer is what the photo prompt gives. */
  protected askCheckedPhoto(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.beginDialog(PHOTO_DIALOG);
  }

  /**
   * An uploaded photo is checked at once, in every procedure (walk R1-M3: a 10×10 image was taken as the
   * ID photo where no materials step follows): refused, the reason and the question again.
   */
  private async checkedPhoto(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const answer = step.result as unknown;
    const given = typeof answer === 'string' && answer.startsWith('file:') ? answer.slice(5) : undefined;
    const file = given && this.deps.files ? await this.deps.files.head(given) : undefined;
    const owner = fileOwner(step.context.activity.channelId, step.context.activity.conversation?.id ?? '');
    if (file && file.owner === owner) {
      const verdict = checkMaterialFile(await policyFor(this.deps, step.context), 'photo', file);
      if (verdict.refusals.length > 0) {
        await step.context.sendActivity(verdict.refusals.map(mt.finding).join('\n'));
        return step.replaceDialog(PHOTO_DIALOG);
      }
      if (verdict.advice.length > 0) await step.context.sendActivity(verdict.advice.map(mt.finding).join('\n'));
    }
    return step.endDialog(answer);
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
      const refusals = file && file.owner === owner ? checkMaterialFile(policy, 'photo', file).refusals : undefined;
      if (file && refusals?.length === 0)
        Object.assign(photo, { status: 'uploaded', fileId: file.id, name: file.name });
      // The photo prompt took the file; the city's rule refuses it: say why before the photo is asked again.
      else if (refusals?.length) await step.context.sendActivity(refusals.map(mt.finding).join('\n'));
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

  /**
   * The review of a procedure, under `id`: the summary page (确认提交 or change a field), then the
   * submission. A submission the domain refuses shows why and the summary again, in a loop, so the
   * resident fixes the field and submits again; the form is never dropped (audit B1: replacing the
   * procedure's waterfall with the summary left no step to submit, and the second 确认提交 was lost).
   */
  protected addSummary(
    id: string,
    o: Pick<SummaryOptions, 'render' | 'fields'> & Partial<SummaryOptions> & { submit: Submission },
  ): void {
    const page = summaryPageId(id);
    this.addDialog(
      summaryDialog(page, {
        confirmTitle: pt.confirmSubmit,
        editPrefix: pt.editPrefix,
        question: pt.summaryQuestion,
        save: (step, key, value) => this.remember(step.context, key, value),
        ...o,
      }),
    );
    this.addDialog(
      new WaterfallDialog(id, [(step) => step.beginDialog(page), (step) => this.submitAndReport(step, id, o.submit)]),
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
   * After the summary: unless it said 提交, stops; else submits the draft and says the reference number,
   * expected date and next steps — or the problems, and begins the review `reviewId` again.
   */
  private async submitAndReport(
    step: WaterfallStepContext,
    reviewId: string,
    submission: Submission,
  ): Promise<DialogTurnResult> {
    if (step.result !== 'submit') return step.endDialog();
    const policy = await policyFor(this.deps, step.context);
    const draft = await this.draft(step.context);
    const a = draft.answers;
    const materials = parseMaterials(a.materials);
    const result = await submitDraft(this.deps, step.context, draft, {
      city: policy.id,
      applicant: { name: String(a.name), idNumber: String(a.idNumber), phone: String(a.phone) },
      ...submission.parts(a),
      ...(materials.length ? { materials: materialRecords(materials) } : {}),
    });
    if (!result.ok) {
      await step.context.sendActivity(problemsText(result.problems));
      return step.replaceDialog(reviewId);
    }
    // The files were stored at upload; linking them to the application makes them part of it (staff
    // review, erasure with it) before the resident hears the reference number.
    for (const m of materials)
      if (m.status === 'uploaded' && m.fileId)
        await this.deps.files?.attach(m.fileId, result.value.referenceNumber, m.item);
    await step.context.sendActivity(submittedText(result.value, policy, submission.nextSteps));
    return step.endDialog(result.value.referenceNumber);
  }

  /**
   * Living with relatives: the relative's name → how related → the letter shown and signed; otherwise
   * passed over. `keep` names the answer asked just before; the step after gets the signature.
   */
  protected kinshipLetterSteps(keep: string): WaterfallStep[] {
    return [
      async (step) => {
        // An answer skipped just before (step.next() without a value) must not erase what was known.
        if (step.result !== undefined) await this.remember(step.context, keep, step.result);
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

  /**
   * Permit and renewal: the residence type now (its proofs go on the checklist, 001 "根据您的实际情况选择其一"),
   * and for a relative's home the address the commitment letter names, then the letter itself.
   * `keep` names the answer asked just before. The step after the returned ones gets the signature.
   */
  protected residenceSteps(keep: string): WaterfallStep[] {
    return [
      async (step) => {
        if (typeof step.result === 'string') await this.remember(step.context, keep, step.result);
        return askResidence(step, await policyFor(this.deps, step.context), render('procedure.residenceNowAsk'));
      },
      async (step) => {
        await this.remember(step.context, 'residenceType', step.result);
        const known = (await this.answers(step.context)).address;
        if (!(await this.needsLetter(step)) || typeof known === 'string') return step.next();
        return askAddress(step, await policyFor(this.deps, step.context), render('procedure.letterAddressAsk'));
      },
      ...this.kinshipLetterSteps('address'),
      async (step) => {
        if (await this.needsLetter(step)) await this.saveSignature(step, step.result);
        return step.next();
      },
    ];
  }

  /** What residenceSteps asked, for the submission: the type, and for a relative's home who it is. */
  protected residenceAnswers(a: Record<string, unknown>): Record<string, string> {
    const answers: Record<string, string> = { residenceType: String(a.residenceType) };
    for (const key of ['address', 'relativeName', 'relationship'] as const) {
      const value = a[key];
      if (typeof value === 'string') answers[key] = value;
    }
    return answers;
  }

  /** What residenceSteps asked, for the summary: the type line, then the relative and the signed letter. */
  protected residenceLines(policy: CityPolicy, a: Record<string, unknown>): { type: string; letter: string[] } {
    const name = policy.residenceTypes.value.find((r) => r.id === a.residenceType)?.name ?? '';
    const letter = relativeLines(a);
    if (typeof a.signedName === 'string')
      letter.push(
        render('summary.line', {
          label: registrationTexts.letterLabel,
          value: registrationTexts.letterSigned(a.signedName),
        }),
      );
    return { type: render('summary.line', { label: pt.labels.residenceType, value: name }), letter };
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

  /**
   * After a field changed from the summary: post chosen → the post address; a detail printed in the
   * kinship letter → the letter made again and signed again. Undefined: the summary is shown again.
   */
  protected async afterFieldEdit(step: WaterfallStepContext, key: string): Promise<DialogTurnResult | undefined> {
    if (key === 'pickup') {
      if ((await this.answers(step.context)).pickup !== 'post') return undefined;
      return askPostAddress(step, await policyFor(this.deps, step.context));
    }
    if (!LETTER_FIELDS.includes(key) || !(await this.needsLetter(step))) return undefined;
    return this.showLetter(step);
  }

  /** The answer to what afterFieldEdit asked: the post address, or the signature. */
  protected async afterFieldEditAnswer(step: WaterfallStepContext, key: string, value: unknown): Promise<void> {
    if (key === 'pickup') await this.remember(step.context, 'postAddress', value);
    else await this.saveSignature(step, value);
  }

  /** Fields shared by several summaries; each asks with the same prompt and validation as the first time. */
  protected photoField(): EditableField {
    return {
      key: 'photo',
      label: pt.labels.photo,
      ask: (s) => this.askCheckedPhoto(s),
    };
  }

  /** The occupation, asked again from the summary exactly as the procedure asked it. */
  protected occupationField(
    choices: (policy: CityPolicy) => { question: string; options: ChoiceOption[] },
  ): EditableField {
    return {
      key: 'occupation',
      label: pt.labels.occupation,
      ask: async (s) => {
        const { question, options } = choices(await policyFor(this.deps, s.context));
        return askChoice(s, question, options);
      },
      parse: async (value, s) => choiceCheck(value, choices(await policyFor(this.deps, s.context)).options),
    };
  }

  /** Pickup, and the post address while post is chosen. */
  protected pickupFields(a: Record<string, unknown>): EditableField[] {
    const fields: EditableField[] = [
      {
        key: 'pickup',
        label: pt.labels.pickup,
        ask: (s) => askPickup(s, this.deps),
        parse: async (value, s) => choiceCheck(value, pickupOptions(await policyFor(this.deps, s.context))),
      },
    ];
    if (a.pickup === 'post')
      fields.push({
        key: 'postAddress',
        label: permitTexts.labels.postAddress,
        ask: async (s) => askPostAddress(s, await policyFor(this.deps, s.context)),
        parse: async (value, s) => checkAddress(value, postAddressOutside(await policyFor(this.deps, s.context))),
      });
    return fields;
  }

  /** The relative named in the kinship letter, and how related (audit M4: both can be corrected). */
  protected relativeFields(): EditableField[] {
    return [
      { key: 'relativeName', label: registrationTexts.labels.relativeName, ask: askRelativeName },
      { key: 'relationship', label: registrationTexts.labels.relationship, ask: askRelationship },
    ];
  }
}
