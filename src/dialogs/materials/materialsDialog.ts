import type { TurnContext } from 'botbuilder';
import {
  TextPrompt,
  WaterfallDialog,
  type ComponentDialog,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { fileIdFromUrl, fileOwner, type StoredFile } from '../../domain/files';
import { checkMaterialFile } from '../../domain/materialRules';
import type { CityPolicy } from '../../domain/policies';
import { render } from '../../messages';
import { matchChoice, type ChoiceOption } from '../choices';
import { PROMPT, withButtons } from '../prompts';
import { materialsTexts as t } from '../texts/materials';
import type { DialogDeps } from '../types';
import { materialKind, type MaterialState } from './materialItems';

/**
 * The materials step: after the checklist, the resident uploads each item or says it will be brought,
 * sees what is still missing, and can replace one file later (from the summary, or when staff ask for
 * it again). Each file is checked against the city's rules (domain/materialRules) with the reason said in
 * Chinese; advice does not stop the step. A procedure plugs it in with addMaterialsDialog and one
 * beginDialog(MATERIALS_DIALOG, { then }); the state is the procedure's (io), so any form engine can host it.
 */
export const MATERIALS_DIALOG = 'materials.collect';
const MATERIAL_PROMPT = 'materials.prompt';
const ATTACHMENT = '__attachment__';

export interface MaterialsIo {
  load(context: TurnContext): Promise<MaterialState[]>;
  save(context: TurnContext, states: MaterialState[]): Promise<void>;
  policy(context: TurnContext): Promise<CityPolicy>;
}

export interface MaterialsOptions {
  /** Dialog to replace this one with when done (the summary); without it the states are the result. */
  then?: string;
  /** Ask only this item again (a replacement); the others are left as they are. */
  only?: string;
  /** Let the resident pick the item to replace first. */
  choose?: boolean;
  /** Said once before the first item. */
  intro?: boolean;
}

const bringOption: ChoiceOption = {
  id: 'bring',
  title: t.bringAction,
  synonyms: ['现场交', '到时候带', '没有', '暂时没有', '带原件', '跳过'],
};

/**
 * The file an attachment stands for: one of this conversation's uploads. Every channel stores a file
 * before the turn (channels/uploads/ingest.ts), so anything else names a file this conversation cannot read.
 */
export async function resolveAttachment(
  deps: DialogDeps,
  context: TurnContext,
): Promise<{ ok: true; file: StoredFile } | { ok: false; reason: string }> {
  const attachment = context.activity.attachments?.[0];
  if (!attachment || !deps.files) return { ok: false, reason: t.notUploaded };
  const id = fileIdFromUrl(attachment.contentUrl);
  if (id) {
    const file = await deps.files.head(id);
    const owner = fileOwner(context.activity.channelId, context.activity.conversation?.id ?? '');
    // An attachment naming another conversation's file is treated as unreadable, never as that file.
    if (file && file.owner === owner) return { ok: true, file };
    return { ok: false, reason: t.foreignAttachment };
  }
  return { ok: false, reason: t.foreignAttachment };
}

/** The item already holding a file with these bytes (same sha256), if any. */
async function alreadyFiled(
  deps: DialogDeps,
  states: MaterialState[],
  file: StoredFile,
): Promise<MaterialState | undefined> {
  for (const s of states) {
    if (s.status !== 'uploaded' || !s.fileId) continue;
    if (s.fileId === file.id) return s;
    const held = await deps.files?.head(s.fileId);
    if (held && held.sha256 === file.sha256) return s;
  }
  return undefined;
}

function photoSpec(policy: CityPolicy): string | undefined {
  const w = policy.photo.widthPx?.value;
  const h = policy.photo.heightPx?.value;
  return w && h ? t.photoSpec(w, h, policy.photo.dpi?.value) : undefined;
}

export function addMaterialsDialog(dialog: ComponentDialog, deps: DialogDeps, io: MaterialsIo): void {
  dialog.addDialog(
    new TextPrompt(MATERIAL_PROMPT, async (ctx: PromptValidatorContext<string>) => {
      if ((ctx.context.activity.attachments ?? []).length > 0) {
        ctx.recognized.value = ATTACHMENT;
        return true;
      }
      if (matchChoice(ctx.context.activity.text ?? '', [bringOption])) {
        ctx.recognized.value = 'bring';
        return true;
      }
      await ctx.context.sendActivity(t.notUploaded);
      return false;
    }),
  );

  const finish = async (step: WaterfallStepContext, o: MaterialsOptions, states: MaterialState[]) => {
    if (!o.only) {
      const bring = states.filter((s) => s.status === 'bring').map((s) => `· ${s.item}`);
      await step.context.sendActivity(bring.length ? `${t.bringTitle}\n${bring.join('\n')}` : t.noneMissing);
    }
    return o.then ? step.replaceDialog(o.then) : step.endDialog(states);
  };

  dialog.addDialog(
    new WaterfallDialog(MATERIALS_DIALOG, [
      async (step) => {
        const o = (step.options ?? {}) as MaterialsOptions;
        const states = await io.load(step.context);
        if (o.choose && !o.only) {
          const options = states.map((s, i) => ({ id: String(i), title: s.item, synonyms: [] }));
          return step.prompt(PROMPT.choice, {
            prompt: withButtons(
              t.replaceAsk,
              options.map((c) => c.title),
            ),
            validations: { choices: options },
          });
        }
        return step.next();
      },
      async (step) => {
        const o = { ...((step.options ?? {}) as MaterialsOptions) };
        if (o.choose && !o.only && typeof step.result === 'string') {
          o.only = (await io.load(step.context))[Number(step.result)]?.item;
        }
        (step.values as { o?: MaterialsOptions }).o = o;
        const states = await io.load(step.context);
        const index = o.only
          ? states.findIndex((s) => s.item === o.only)
          : states.findIndex((s) => s.status === 'pending');
        if (index < 0) return finish(step, o, states);
        const target = states[index];
        if (!target) return finish(step, o, states);
        const policy = await io.policy(step.context);
        if (o.intro) await step.context.sendActivity(t.intro(states.length));
        const question = o.only
          ? t.replaceOnly(target.item)
          : target.kind === 'photo'
            ? t.askPhoto(index + 1, states.length, target.item, photoSpec(policy))
            : t.ask(index + 1, states.length, target.item);
        const hint = target.kind === 'photo' ? '' : `\n${t.requirements(policy.upload.requirements.value)}`;
        (step.values as { item?: string }).item = target.item;
        return step.prompt(MATERIAL_PROMPT, { prompt: withButtons(`${question}${hint}`, [t.bringAction]) });
      },
      async (step) => {
        const o = (step.values as { o: MaterialsOptions }).o;
        const item = (step.values as { item: string }).item;
        const states = await io.load(step.context);
        const target = states.find((s) => s.item === item);
        const again = { ...o, intro: false };
        if (!target) return step.replaceDialog(MATERIALS_DIALOG, again);
        if (step.result === 'bring') {
          target.status = 'bring';
          delete target.fileId;
          delete target.name;
          await io.save(step.context, states);
          await step.context.sendActivity(t.willBring(item));
        } else {
          const resolved = await resolveAttachment(deps, step.context);
          if (!resolved.ok) {
            await step.context.sendActivity(resolved.reason);
            return step.replaceDialog(MATERIALS_DIALOG, again);
          }
          // The same bytes as a file already filed (walk: the photo re-sent while the lease was asked for):
          // said so, and never filed under this item as well.
          const same = await alreadyFiled(deps, states, resolved.file);
          if (same) {
            await step.context.sendActivity(
              same.item === item
                ? render('materials.sameFileAgain', { item })
                : render('materials.alreadyReceived', { other: same.item, item }),
            );
            return step.replaceDialog(MATERIALS_DIALOG, again);
          }
          const policy = await io.policy(step.context);
          const verdict = checkMaterialFile(policy, target.kind ?? materialKind(item), resolved.file);
          if (verdict.refusals.length > 0) {
            await step.context.sendActivity(verdict.refusals.map(t.finding).join('\n'));
            return step.replaceDialog(MATERIALS_DIALOG, again);
          }
          target.status = 'uploaded';
          target.fileId = resolved.file.id;
          target.name = resolved.file.name;
          await io.save(step.context, states);
          const notes = verdict.advice.map(t.finding);
          await step.context.sendActivity([t.received(item), ...notes].join('\n'));
        }
        if (o.only) return finish(step, o, states);
        return step.replaceDialog(MATERIALS_DIALOG, again);
      },
    ]),
  );
}
