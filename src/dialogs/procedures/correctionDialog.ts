import {
  ComponentDialog,
  Dialog,
  TextPrompt,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Application, MaterialRecord } from '../../domain/application';
import { materialKind, parseMaterials } from '../materials/materialItems';
import { addMaterialsDialog, MATERIALS_DIALOG } from '../materials/materialsDialog';
import { getPolicy } from '../../domain/policies';
import { addResidentPrompts, ask, askChoice, PROMPT, withButtons } from '../prompts';
import { commonTexts } from '../texts/common';
import { correctionTexts as t } from '../texts/correction';
import { procedureTexts as pt } from '../texts/procedures';
import type { DialogDeps } from '../types';
import { interpretTurn } from '../turn/utterance';
import { askAddress, askPhoto, bulletList, occupationOptions, residenceOptions, yesNoOptions } from './common';

const STEPS = 'correction.steps';
const FIELD = 'correction.field';
const TEXT = 'correction.text';
const MATERIAL = 'material:';

type FieldLoop = { referenceNumber: string; fields: string[]; index: number; answers: Record<string, string> };
type Values = { referenceNumber?: string; answers?: Record<string, string> };
type AnswerValue = string | number | boolean | null;

/**
 * 补正: a reviewer asked for corrections. The procedure reopens with the earlier answers, asks only the
 * fields the reviewer named, and resubmits under the same reference number (the timeline continues).
 * Started by the "补正材料" button of the notification, or by typing it.
 */
export class CorrectionDialog extends ComponentDialog {
  static readonly id = 'correction';

  constructor(private readonly deps: DialogDeps) {
    super(CorrectionDialog.id);
    addResidentPrompts(this, deps.clock);
    this.addDialog(
      new TextPrompt(TEXT, async (ctx) => {
        const value = (ctx.recognized.value ?? '').trim();
        if (value.length >= 1 && value.length <= 200) return true;
        await ctx.context.sendActivity(t.askText('内容'));
        return false;
      }),
    );
    this.addDialog(
      new WaterfallDialog(STEPS, [
        this.findStep.bind(this),
        this.idStep.bind(this),
        this.showStep.bind(this),
        this.confirmStep.bind(this),
        this.submitStep.bind(this),
      ]),
    );
    this.addDialog(new WaterfallDialog(FIELD, [this.askFieldStep.bind(this), this.saveFieldStep.bind(this)]));
    if (deps.files) {
      // Staff asked for one material again: the materials step, on the application's own materials.
      addMaterialsDialog(this, deps, {
        load: async (context) => parseMaterials((await deps.conversationData.get(context, {})).correctionMaterials),
        save: async (context, states) => {
          (await deps.conversationData.get(context, {})).correctionMaterials = states;
        },
        policy: async (context) => getPolicy((await deps.conversationData.get(context, {})).city ?? 'shanghai'),
      });
    }
    this.initialDialogId = STEPS;
  }

  /**
   * 取消 leaves the correction at any prompt; nothing is sent. A request for a person ("我要找真人客服") is
   * handed on and never taken as the corrected value; the correction waits where it was.
   */
  override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const { command } = interpretTurn(innerDc.context);
    if (command === 'cancel') {
      await innerDc.context.sendActivity(withButtons(t.cancelled, commonTexts.mainActions));
      return innerDc.cancelAllDialogs();
    }
    if (command === 'human') {
      await this.deps.handoff(innerDc.context, 'correction');
      await innerDc.context.sendActivity(commonTexts.handoffKeepsDraft);
      return Dialog.EndOfTurn;
    }
    return super.onContinueDialog(innerDc);
  }

  /** Finds the application of this conversation that waits for a correction; else asks its reference. */
  private async findStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const conversationId = step.context.activity.conversation?.id;
    const app = conversationId
      ? await this.deps.applications.latestFor({ conversationId, statuses: ['needsCorrection'] })
      : undefined;
    if (app) {
      (step.values as Values).referenceNumber = app.referenceNumber;
      return step.next();
    }
    await step.context.sendActivity(t.noneFound);
    return ask(step, PROMPT.reference, t.askReference);
  }

  /** Another device: the last four characters of the ID number prove it is the applicant's. */
  private async idStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    if (values.referenceNumber) return step.next();
    values.referenceNumber = String(step.result);
    return ask(step, PROMPT.idLast4, t.askIdLast4);
  }

  /** Shows what to fix and the reviewer's note, then asks each named field in turn. */
  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    const app =
      typeof step.result === 'string'
        ? await this.deps.applications.lookup(values.referenceNumber!, step.result)
        : await this.deps.applications.latestFor({
            conversationId: step.context.activity.conversation?.id ?? '',
            statuses: ['needsCorrection'],
          });
    if (!app || app.status !== 'needsCorrection' || app.referenceNumber !== values.referenceNumber) {
      await step.context.sendActivity(withButtons(t.notFound, commonTexts.mainActions));
      return step.endDialog();
    }
    const fields = app.correction?.fields ?? [];
    const lines = [t.intro(pt.kindNames[app.kind] ?? '', app.referenceNumber)];
    if (fields.length) lines.push(t.whatToFix(fields.map((f) => t.label(f))));
    if (app.correction?.note) lines.push(t.staffNote(app.correction.note));
    if (!fields.length) lines.push(t.noFieldsOnlyNote);
    await step.context.sendActivity(lines.join('\n'));
    if (!fields.length) return step.next({});
    const loop: FieldLoop = { referenceNumber: app.referenceNumber, fields, index: 0, answers: {} };
    return step.beginDialog(FIELD, loop);
  }

  /** Lists the changes and asks for confirmation before anything is sent. */
  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    values.answers = (step.result ?? {}) as Record<string, string>;
    const changes = Object.entries(values.answers).map(
      ([f, v]) =>
        `${t.label(f)}：${f === 'photo' ? pt.photoUploaded : f.startsWith(MATERIAL) ? t.materialUploaded : v}`,
    );
    const text = changes.length ? `${bulletList(changes)}\n${t.confirm}` : t.confirm;
    return askChoice(step, text, yesNoOptions(t.confirmYes, t.confirmNo));
  }

  /** Resubmits through the domain: same reference number, status 已补正. */
  private async submitStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    if (step.result !== 'yes') {
      await step.context.sendActivity(withButtons(t.notSent, [t.action]));
      return step.endDialog();
    }
    const given = values.answers ?? {};
    const answers = Object.fromEntries(Object.entries(given).filter(([f]) => !f.startsWith(MATERIAL)));
    const materials = await this.replaceMaterials(values.referenceNumber!, given);
    const result = await this.deps.applications.resubmit(
      values.referenceNumber!,
      {
        ...(Object.keys(answers).length ? { answers } : {}),
        ...(materials ? { materials: materials.records, note: materials.note } : {}),
      },
      'resident',
    );
    if (!result.ok) {
      await step.context.sendActivity(`${t.failed}\n${bulletList(result.problems.map((p) => p.message))}`);
      return step.endDialog();
    }
    await step.context.sendActivity(withButtons(t.done(result.value.referenceNumber), ['查询办理进度']));
    return step.endDialog(result.value.referenceNumber);
  }

  /** Asks one field with the same prompt the procedure used, after showing the earlier answer. */
  private async askFieldStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const loop = step.options as FieldLoop;
    const app = await this.deps.store.applications.get(loop.referenceNumber);
    const field = loop.fields[loop.index];
    const label = t.label(field);
    const earlier = app?.answers[field];
    if (earlier !== undefined && earlier !== null && field !== 'photo')
      await step.context.sendActivity(t.current(label, this.shown(app!, field, earlier)));
    const policy = getPolicy(app?.city ?? 'shanghai');
    if (field.startsWith(MATERIAL) && this.deps.files && app) {
      const data = await this.deps.conversationData.get(step.context, {});
      data.correctionMaterials = (app.materials ?? []).map((m) => ({ ...m, kind: materialKind(m.item) }));
      data.city = app.city;
      return step.beginDialog(MATERIALS_DIALOG, { only: field.slice(MATERIAL.length) });
    }
    switch (field) {
      case 'address':
        return askAddress(step, policy, t.askText(label));
      case 'photo':
        return askPhoto(step, policy);
      case 'residenceType':
        return askChoice(step, t.askText(label), residenceOptions(policy));
      case 'occupation':
        return askChoice(step, t.askText(label), occupationOptions(policy));
      case 'registeredOn':
      case 'movedOn':
        return ask(step, PROMPT.pastDate, t.askText(label), { exactDay: true });
      default:
        return ask(step, TEXT, t.askText(label));
    }
  }

  private async saveFieldStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const loop = step.options as FieldLoop;
    const field = loop.fields[loop.index];
    let value = String(step.result);
    if (field.startsWith(MATERIAL)) {
      // The new file's id, or "bring" when the resident will bring it instead.
      const state = parseMaterials(step.result).find((m) => m.item === field.slice(MATERIAL.length));
      value = state?.status === 'uploaded' && state.fileId ? state.fileId : 'bring';
    }
    const answers = { ...loop.answers, [field]: value };
    if (loop.index + 1 >= loop.fields.length) return step.endDialog(answers);
    return step.replaceDialog(FIELD, { ...loop, index: loop.index + 1, answers });
  }

  /**
   * Puts each re-uploaded material in the old one's place: the application keeps the old file (marked
   * replaced) for staff to compare, and the new one takes its item. Undefined when none was asked.
   */
  private async replaceMaterials(
    referenceNumber: string,
    given: Record<string, string>,
  ): Promise<{ records: MaterialRecord[]; note: string } | undefined> {
    const files = this.deps.files;
    const app = await this.deps.store.applications.get(referenceNumber);
    const changed = Object.entries(given).filter(([f]) => f.startsWith(MATERIAL));
    if (!files || !app || changed.length === 0) return undefined;
    const records = [...(app.materials ?? [])];
    for (const [field, value] of changed) {
      const item = field.slice(MATERIAL.length);
      const at = records.findIndex((m) => m.item === item);
      const old = at >= 0 ? records[at] : undefined;
      let next: MaterialRecord = { item, status: 'bring' };
      const upload = value === 'bring' ? undefined : await files.get(value);
      if (upload) {
        const { id: _id, size: _size, sha256: _sha, createdAt: _at, replacedBy: _r, ...meta } = upload.file;
        const placed = old?.fileId
          ? await files.replace(old.fileId, meta, upload.bytes)
          : await files.attach(upload.file.id, referenceNumber, item);
        if (placed && old?.fileId) await files.delete(upload.file.id);
        if (placed) next = { item, status: 'uploaded', fileId: placed.id };
      }
      if (at >= 0) records[at] = next;
      else records.push(next);
    }
    return { records, note: `已重新上传：${changed.map(([f]) => f.slice(MATERIAL.length)).join('、')}` };
  }

  /** An earlier choice is shown by its name (租赁住房), not its id (rented). */
  private shown(app: Application, field: string, value: AnswerValue): string {
    const policy = getPolicy(app.city);
    if (field === 'residenceType')
      return policy.residenceTypes.value.find((r) => r.id === value)?.name ?? String(value);
    if (field === 'occupation') return policy.occupations.value.find((o) => o.id === value)?.name ?? String(value);
    return String(value);
  }
}
