import { getPolicy } from '../../domain/policies';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Application } from '../../domain/application';
import { formatChineseDate, todayIn } from '../../domain/dates';
import { CancelAndHelpDialog } from '../cancelAndHelpDialog';
import { ask, PROMPT, withButtons } from '../prompts';
import { commonTexts } from '../texts/common';
import { procedureTexts as pt } from '../texts/procedures';
import { residentStatusLabel, statusLookupTexts as t, unnamedStatusNote } from '../texts/statusLookup';
import type { DialogDeps } from '../types';

const STEPS = 'statusLookup.steps';
const HOUR_MS = 3_600_000;

const dateOf = (instant: string): string => formatChineseDate(todayIn({ now: () => new Date(instant) }));

/** The status in plain words, the timeline, the expected date and, for shipped cards, the delivery note. */
export function statusText(app: Application): string {
  const policy = getPolicy(app.city);
  const label = (status: Application['status']): string => residentStatusLabel(status, policy);
  const lines = [t.header(pt.kindNames[app.kind] ?? app.kind, app.referenceNumber), t.status(label(app.status))];
  if (app.status === 'needsCorrection' && app.correction)
    lines.push(t.correction(app.correction.fields.join('、'), app.correction.note));
  if (app.status === 'rejected' && app.rejectionReason) lines.push(t.rejection(app.rejectionReason));
  if (app.expectedBy) lines.push(t.expectedBy(formatChineseDate(app.expectedBy)));
  if (app.deliveryNote && (app.status === 'shipped' || app.status === 'completed'))
    lines.push(t.delivery(app.deliveryNote));
  lines.push(
    t.timelineTitle,
    ...app.timeline.map((e) => `· ${dateOf(e.at)} ${label(e.to)}${e.note ? `（${e.note}）` : ''}`),
  );
  const note = unnamedStatusNote(policy);
  if (note) lines.push(note);
  return lines.join('\n');
}

/**
 * 进度查询: the reference number and the last four characters of the ID number must both match; a
 * mismatch gets the same neutral answer whichever part was wrong, and failures are limited per hour.
 */
export class StatusLookupDialog extends CancelAndHelpDialog {
  /** A reference number names its city; nothing to ask. */
  override readonly needsCity = false;
  constructor(deps: DialogDeps) {
    super('statusLookup', deps, 'procedure.statusLookup', t.title);
    this.addDialog(
      new WaterfallDialog(STEPS, [
        this.referenceStep.bind(this),
        this.idLast4Step.bind(this),
        this.resultStep.bind(this),
      ]),
    );
    this.initialDialogId = STEPS;
  }

  /** Stops at once when the hourly failure limit is reached; otherwise asks the reference number. */
  private async referenceStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((await this.recentFailures(step)).length >= this.deps.lookupAttemptsPerHour) {
      await step.context.sendActivity(
        withButtons(t.tooMany(this.deps.lookupAttemptsPerHour), [commonTexts.handoffAction]),
      );
      return step.endDialog();
    }
    // A reference number typed on its own (e.g. after "not found") starts the lookup with it.
    const given = (step.options as { reference?: string } | undefined)?.reference;
    if (given) return step.next(given);
    const city = (await this.data(step.context)).city;
    return ask(step, PROMPT.reference, t.referenceAsk(city ? getPolicy(city).referencePrefix : undefined));
  }

  private async idLast4Step(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await this.remember(step.context, 'reference', step.result);
    return ask(step, PROMPT.idLast4, t.idLast4Ask);
  }

  /** Looks the application up; a failure is counted and answered neutrally. */
  private async resultStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const reference = String((await this.answers(step.context)).reference);
    const app = await this.deps.applications.lookup(reference, String(step.result));
    if (!app) {
      const data = await this.data(step.context);
      data.lookupFailures = [...(await this.recentFailures(step)), this.deps.clock.now().toISOString()];
      await step.context.sendActivity(withButtons(t.notFound, [t.again, commonTexts.handoffAction]));
      return step.endDialog();
    }
    await step.context.sendActivity(statusText(app));
    return step.endDialog(app.referenceNumber);
  }

  private async recentFailures(step: WaterfallStepContext): Promise<string[]> {
    const data = await this.data(step.context);
    const since = this.deps.clock.now().getTime() - HOUR_MS;
    return (data.lookupFailures ?? []).filter((at) => Date.parse(at) > since);
  }
}
