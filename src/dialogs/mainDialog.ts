import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import {
  ComponentDialog,
  DialogSet,
  DialogTurnStatus,
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type WaterfallStepContext,
  type DialogState,
} from 'botbuilder-dialogs';
import { getPolicy, listPolicies } from '../domain/policies';
import { render } from '../messages';
import { normaliseReferenceNumber } from '../domain/referenceNumber';
import { otherCityDetector } from '../knowledge/cityDetection';
import type { ProcedureIntent, Understanding } from '../knowledge/types';
import type { CancelAndHelpDialog } from './cancelAndHelpDialog';
import { looksUpset } from './upset';
import type { ChoiceOption } from './choices';
import { answerKey, interpretTurn, isOneOf, vocabulary, type Utterance } from './turn/utterance';
import { addResidentPrompts, askChoice, withButtons } from './prompts';
import { commonTexts } from './texts/common';
import { correctionTexts } from './texts/correction';
import type { ConversationData, DialogDeps } from './types';

const MAIN_WATERFALL = 'main.waterfall';
const OTHER_CITY_INTENT = 'oos.otherCity';
type Route =
  | { kind: 'faq' | 'outOfScope'; intent: string; /** further questions of a compound message */ parts?: string[] }
  | { kind: 'procedure'; intent: ProcedureIntent };

// A compound message ("在哪办？要住满多久？") is split at sentence ends; each part long enough to be a
// question of its own, and read confidently as another FAQ, is answered after the first.
const PART_BREAK = /[？?；;！!。]+/;
const MIN_PART = 4;
const PART_CONFIDENCE = 0.5;
const MAX_PARTS = 2;

export function cityOptions(): ChoiceOption[] {
  return listPolicies().map((p) => ({ id: p.id, title: p.name, synonyms: p.aliases }));
}

/**
 * Routing: every message without a running procedure is classified. An FAQ gets its answer (each city's
 * answer under its name while the conversation has no city), a procedure intent starts that procedure, a request for a
 * person goes to the handoff; greetings, thanks and what is not understood get a short reply with the
 * main procedures as buttons.
 */
export class MainDialog extends ComponentDialog {
  private readonly procedures: Map<string, CancelAndHelpDialog>;
  /** Exact commands (a notification's button, e.g. 补正材料 / 退订提醒) that start a dialog directly. */
  private readonly commands: Map<string, Dialog>;
  private readonly otherCity = otherCityDetector();

  constructor(
    private readonly deps: DialogDeps,
    procedures: Record<ProcedureIntent, CancelAndHelpDialog>,
    commands: Record<string, Dialog> = {},
    /** Started by any way of saying 退订提醒 (the interpreter's reading, not exact words). */
    private readonly reminderOptOut?: Dialog,
  ) {
    super('main');
    addResidentPrompts(this, deps.clock);
    this.procedures = new Map(Object.entries(procedures));
    for (const dialog of new Set(this.procedures.values())) this.addDialog(dialog);
    this.commands = new Map(Object.entries(commands).map(([text, dialog]) => [answerKey(text), dialog]));
    for (const dialog of new Set(this.commands.values())) this.addDialog(dialog);
    if (reminderOptOut && !this.findDialog(reminderOptOut.id)) this.addDialog(reminderOptOut);
    this.addDialog(
      new WaterfallDialog(MAIN_WATERFALL, [
        this.routeStep.bind(this),
        this.cityStep.bind(this),
        this.doneStep.bind(this),
      ]),
    );
    this.initialDialogId = MAIN_WATERFALL;
  }

  /** Runs one turn: continues the running dialog, or routes the message. */
  async run(context: TurnContext, accessor: StatePropertyAccessor<DialogState>): Promise<void> {
    const dialogSet = new DialogSet(accessor);
    dialogSet.add(this);
    const dc = await dialogSet.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  private async data(context: TurnContext): Promise<ConversationData> {
    return this.deps.conversationData.get(context, {});
  }

  /**
   * A file sent with nothing running. After a correction notice (its text says 请重新上传) the correction
   * is started with the file kept for it to pick up; otherwise the resident is told where files go (walk
   * R1-M10: the photo was answered "没听懂").
   */
  private async fileOutsideProcedure(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const conversationId = step.context.activity.conversation?.id;
    const waiting = conversationId
      ? await this.deps.applications.latestFor({ conversationId, statuses: ['needsCorrection'] })
      : undefined;
    const correction = this.commands.get(answerKey(correctionTexts.action));
    if (waiting && correction) {
      await step.context.sendActivity(render('file.forCorrection'));
      return step.replaceDialog(correction.id);
    }
    await step.context.sendActivity(withButtons(render('file.outsideProcedure'), commonTexts.mainActions));
    return step.endDialog();
  }

  /** Understands the message; answers at once what needs nothing more, or asks the city. */
  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const context = step.context;
    const utterance = interpretTurn(context);
    const text = utterance.text;
    const command =
      this.commands.get(utterance.key) ?? (utterance.optsOutOfReminders ? this.reminderOptOut : undefined);
    if (command) return step.replaceDialog(command.id);
    if (!text && (context.activity.attachments?.length ?? 0) > 0) return this.fileOutsideProcedure(step);
    const reply = this.shortReply(utterance);
    if (reply) {
      await context.sendActivity(withButtons(reply, commonTexts.mainActions));
      return step.endDialog();
    }
    const reference = normaliseReferenceNumber(text);
    const lookup = this.procedures.get('procedure.statusLookup');
    if (reference && lookup) return step.replaceDialog(lookup.id, { reference });
    const data = await this.data(context);
    const { knowledge } = this.deps;
    const named = knowledge.detectCity(text);
    const cityChanged = named !== undefined && named !== data.city;
    if (named) data.city = named;
    const understanding: Understanding =
      this.chosenFromButtons(text, data) ??
      (named && utterance.city === named
        ? { normalized: text, intent: 'None', kind: 'none', score: 1 }
        : this.understandOwnCity(text, data.city));
    data.didYouMean = undefined;
    if (understanding.kind !== 'handoff' && (utterance.command === 'human' || looksUpset(text))) {
      data.misses = 0;
      if (utterance.command !== 'human') await context.sendActivity(commonTexts.upset);
      await this.deps.handoff(
        context,
        utterance.command === 'human' ? 'resident asked for a person' : 'resident upset',
      );
      return step.endDialog();
    }

    if (understanding.didYouMean && understanding.didYouMean.length >= 2 && understanding.kind !== 'none') {
      data.didYouMean = understanding.didYouMean.map((c) => ({ intent: c.intent, title: knowledge.title(c.intent) }));
      if (understanding.kind === 'procedure') {
        // "我想申请上海的居住证": the closest reading is doing it, so start; 取消 backs out at any prompt,
        // while a bare choice would leave the resident's next answers (a date, a name) unrouted.
        data.didYouMean = undefined;
      } else if (understanding.kind !== 'faq' && understanding.kind !== 'outOfScope') {
        await context.sendActivity(
          withButtons(
            commonTexts.didYouMean,
            data.didYouMean.map((d) => d.title),
          ),
        );
        return step.endDialog();
      } else {
        // A close call between questions: answer the closest at once and offer the others, so that a
        // resident who asks once still gets a fact rather than only a choice.
        data.didYouMean = data.didYouMean.filter((d) => d.intent !== understanding.intent);
      }
    }
    if (understanding.kind !== 'none') data.misses = 0;

    switch (understanding.kind) {
      case 'procedure': {
        const route: Route = { kind: 'procedure', intent: understanding.intent as ProcedureIntent };
        (step.values as Record<string, unknown>).route = route;
        if (!data.city && this.procedures.get(route.intent)?.needsCity !== false) {
          // A reminder's or a notice's button names no city: the conversation's own earlier application does.
          const earlier = await this.cityOfEarlierApplication(context);
          if (earlier) data.city = earlier;
          else {
            // "办理「居住证挂失」，请问您在哪个城市办理？": the resident sees the request was understood.
            const title = this.procedures.get(route.intent)?.title;
            return askChoice(step, title ? commonTexts.askCityFor(title) : commonTexts.askCity, cityOptions());
          }
        }
        return step.next();
      }
      case 'faq':
      case 'outOfScope': {
        const parts = understanding.kind === 'faq' ? this.otherParts(text, understanding.intent) : [];
        const route: Route = {
          kind: understanding.kind,
          intent: understanding.intent,
          ...(parts.length ? { parts } : {}),
        };
        (step.values as Record<string, unknown>).route = route;
        const result = knowledge.answer(understanding.intent, data.city);
        if (result.kind === 'needsCity') {
          await this.answerForEveryCity(context, understanding.intent, data);
          for (const part of parts)
            await this.answerForEveryCity(
              context,
              part,
              {},
              listPolicies().map((p) => p.id),
            );
          return step.endDialog();
        }
        // "上海和成都的办理状态叫法一样吗", "上海要备案，成都也要吗": both cities' answers, each under its name.
        const compared = knowledge.detectCities(text);
        if (compared.length >= 2 && knowledge.answer(understanding.intent).kind === 'needsCity') {
          await this.answerForEveryCity(context, understanding.intent, data, compared);
          for (const part of parts) await this.answerForEveryCity(context, part, {}, compared);
          return step.endDialog();
        }
        return step.next();
      }
      case 'handoff':
        await this.deps.handoff(context, 'resident asked for a person');
        return step.endDialog();
      case 'greeting':
        await context.sendActivity(
          withButtons(
            cityChanged ? commonTexts.cityChanged(getPolicy(named).name) : commonTexts.greeting,
            commonTexts.mainActions,
          ),
        );
        return step.endDialog();
      case 'thanks':
        await context.sendActivity(withButtons(commonTexts.thanks, commonTexts.mainActions));
        return step.endDialog();
      default:
        return this.notUnderstood(step, data, named && utterance.city === named ? named : undefined);
    }
  }

  /** Stores the city when it was asked, then answers the question or starts the procedure. */
  private async cityStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const data = await this.data(step.context);
    const route = (step.values as Record<string, unknown>).route as Route;
    if (typeof step.result === 'string') {
      data.city = step.result;
      const name = getPolicy(step.result).name;
      await step.context.sendActivity(
        route.kind === 'procedure' ? commonTexts.cityForProcedure(name) : commonTexts.cityRemembered(name),
      );
    }
    if (route.kind === 'procedure') {
      const dialog = this.procedures.get(route.intent);
      if (dialog) return step.beginDialog(dialog.id);
      return step.endDialog();
    }
    const result = this.deps.knowledge.answer(route.intent, data.city);
    if (result.kind === 'answer') {
      const suggestions = result.answer.suggestions?.map((s) => s.value) ?? [];
      await step.context.sendActivity(
        suggestions.length ? withButtons(result.answer.text, suggestions) : result.answer.text,
      );
      for (const part of route.parts ?? []) {
        const more = this.deps.knowledge.answer(part, data.city);
        if (more.kind === 'answer') await step.context.sendActivity(more.answer.text);
      }
      await this.offerOtherCandidates(step.context, data);
    } else {
      await step.context.sendActivity(
        withButtons(commonTexts.notUnderstood, [...commonTexts.mainActions, commonTexts.handoffAction]),
      );
    }
    return step.endDialog();
  }

  /** A procedure may end by offering the next one (an expired permit → registration). */
  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const next = (step.result as { startNext?: string } | undefined)?.startNext;
    const dialog = next ? this.procedures.get(next) : undefined;
    if (dialog) return step.beginDialog(dialog.id);
    return step.endDialog();
  }

  /**
   * The answer differs by city and the conversation has none yet: give each city's answer under its
   * name (a resident who asks once still gets the fact), and offer the cities as buttons.
   */
  private async answerForEveryCity(
    context: TurnContext,
    intent: string,
    data: ConversationData,
    named?: readonly string[],
  ): Promise<void> {
    const parts: string[] = [];
    for (const policy of named ? named.map((c) => getPolicy(c)) : listPolicies()) {
      const result = this.deps.knowledge.answer(intent, policy.id);
      if (result.kind === 'answer') parts.push(`${commonTexts.cityHeading(policy.name)}\n${result.answer.text}`);
    }
    await context.sendActivity(parts.join('\n\n'));
    await this.offerOtherCandidates(context, data);
    if (named) return; // the resident compared cities on purpose
    await context.sendActivity(
      withButtons(
        commonTexts.chooseCityHint,
        cityOptions().map((c) => c.title),
      ),
    );
  }

  /** The FAQ intents of a compound message's other questions, besides `first` (at most MAX_PARTS). */
  private otherParts(text: string, first: string): string[] {
    const pieces = text.split(PART_BREAK).filter((p) => p.replace(/\s/g, '').length >= MIN_PART);
    if (pieces.length < 2) return [];
    const found: string[] = [];
    for (const piece of pieces) {
      const u = this.deps.knowledge.understand(piece);
      if (u.kind === 'faq' && u.score >= PART_CONFIDENCE && u.intent !== first && !found.includes(u.intent))
        found.push(u.intent);
    }
    return found.slice(0, MAX_PARTS);
  }

  /** Close candidates left after answering the closest one, as buttons. */
  private async offerOtherCandidates(context: TurnContext, data: ConversationData): Promise<void> {
    const others = data.didYouMean ?? [];
    if (others.length)
      await context.sendActivity(
        withButtons(
          commonTexts.alsoAsk,
          others.map((d) => d.title),
        ),
      );
  }

  private async notUnderstood(
    step: WaterfallStepContext,
    data: ConversationData,
    namedCity: string | undefined,
  ): Promise<DialogTurnResult> {
    if (namedCity) {
      // "我在成都" on its own: the city changed, nothing else to answer.
      await step.context.sendActivity(
        withButtons(commonTexts.cityChanged(getPolicy(namedCity).name), commonTexts.mainActions),
      );
      return step.endDialog();
    }
    // "我是来上海打工的，要办什么": the city is kept for the next question, but not announced: "已切换为上海"
    // before "没听懂" reads as if the switch were the answer.
    data.misses = (data.misses ?? 0) + 1;
    if (data.misses >= 2) {
      // Issue 6: two misunderstandings in a row start the handoff; its queue message says the resident
      // may keep asking or cancel.
      data.misses = 0;
      await step.context.sendActivity(commonTexts.notUnderstoodTwice);
      await this.deps.handoff(step.context, 'not understood twice');
    } else {
      await step.context.sendActivity(
        withButtons(commonTexts.notUnderstood, [...commonTexts.mainActions, commonTexts.handoffAction]),
      );
    }
    return step.endDialog();
  }

  /**
   * Nothing is running: a global command has nothing to act on, and a bare "对" or "没有" answers the
   * last "还有什么可以帮您？" (the model must not read them as a request for a person or a procedure).
   */
  private shortReply({ command, key: t, withdrawsApplication }: Utterance): string | undefined {
    // "取消申请", "我想撤回申请": nothing runs, and it is not 解挂 whatever the model reads (audit M11).
    if (withdrawsApplication) return render('main.withdrawNotHere');
    if (command === 'cancel' || command === 'restart' || command === 'back') return commonTexts.nothingRunning;
    if (command === 'help') return commonTexts.mainHelp;
    if (isOneOf(t, vocabulary.acknowledgements)) return commonTexts.acknowledged;
    if (isOneOf(t, vocabulary.nothingElse)) return commonTexts.nothingElse;
    return undefined;
  }

  /**
   * The model sometimes reads "成都的居住证怎么申请" or a bare "居住证怎么申请" as a question about a city we
   * do not serve. With no such city named, that is wrong: it is asked again as a question about the
   * conversation's city (or each city we serve), and never answered with "other cities".
   */
  private understandOwnCity(text: string, city: string | undefined): Understanding {
    const { knowledge } = this.deps;
    const first = knowledge.understand(text);
    if (first.intent !== OTHER_CITY_INTENT || this.otherCity(text)) return first;
    const cities = city ? [getPolicy(city)] : listPolicies();
    const retried = cities
      .map((p) => knowledge.understand(`${p.name}${text}`))
      .filter((u) => u.intent !== OTHER_CITY_INTENT && u.kind !== 'none');
    retried.sort((a, b) => b.score - a.score);
    return retried[0] ?? { normalized: first.normalized, intent: 'None', kind: 'none', score: 0 };
  }

  private async cityOfEarlierApplication(context: TurnContext): Promise<string | undefined> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) return undefined;
    return (await this.deps.applications.latestFor({ conversationId }))?.city;
  }

  /**
   * A tap on a button sends its title. Titles of "did you mean" options and of the procedures are
   * routed directly, so a button always does what it says whatever the model makes of its words.
   */
  private chosenFromButtons(text: string, data: ConversationData): Understanding | undefined {
    const t = answerKey(text);
    const offered = data.didYouMean?.find((d) => answerKey(d.title) === t);
    const mainAction = commonTexts.mainActionIntents.find(([title]) => answerKey(title) === t)?.[1];
    const procedure =
      mainAction ??
      [...this.procedures.keys()].find(
        (intent) =>
          answerKey(this.deps.knowledge.title(intent)) === t || answerKey(this.procedures.get(intent)!.title) === t,
      );
    const intent = offered?.intent ?? procedure;
    if (!intent) return undefined;
    const kind = intent.startsWith('procedure.') ? 'procedure' : intent.startsWith('oos.') ? 'outOfScope' : 'faq';
    return { normalized: t, intent, kind, score: 1 };
  }
}
