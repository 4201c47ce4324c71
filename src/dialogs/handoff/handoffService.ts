import { EventEmitter } from 'node:events';
import { EventFactory, MessageFactory, type Activity, type TurnContext } from 'botbuilder';
import { HandoffDesk } from '../../domain/handoff/handoffDesk';
import { describeSchedule, isOpen, scheduleFor, type ServiceHours } from '../../domain/handoff/serviceHours';
import * as rules from '../../domain/handoff/session';
import type { HandoffSession } from '../../domain/handoff/session';
import type { Clock, DocumentStore } from '../../domain/ports';
import { fail, ok, problem, type Result } from '../../domain/result';
import type { Logger } from '../../logger';
import { render } from '../../messages';
import { withButtons } from '../prompts';
import { commonTexts } from '../texts/common';
import type { HandoffHook } from '../types';
import { askToResumeOnNextMessage, readSavedConversation } from './botState';
import { handoffTexts, procedureTopics } from './texts';
import { TicketFlow } from './ticketFlow';

/** Sends outside a turn; ProactiveMessenger fits. */
export interface ConversationMessenger {
  sendToConversation(conversationId: string, activities: Partial<Activity>[]): Promise<boolean>;
}

/** Keeps what was said for the console; TranscriptStore (src/channels) fits. */
export interface TranscriptRecorder {
  record(activity: Partial<Activity>, speaker: 'resident' | 'bot' | 'staff' | 'system'): Promise<unknown>;
  entries(conversationId: string): Promise<{ activity: Partial<Activity> }[]>;
}

export interface HandoffServiceOptions {
  documents: DocumentStore;
  clock: Clock;
  log: Logger;
  hours: ServiceHours;
  transcripts: TranscriptRecorder;
  /** Agent-hub context of the Bot Framework handoff event. */
  skill?: string;
  /** Whether a staff member is at the console now; without it, someone is assumed to be. */
  staffOnline?: () => Promise<boolean>;
  /** A resident waiting this long in the queue is offered a call-back instead (audit M18). Default 10. */
  waitMinutes?: number;
}

const DEFAULT_WAIT_MINUTES = 10;

export interface StaffIdentity {
  username: string;
  displayName: string;
}

/**
 * The handoff as both sides see it: the hook the dialogs call when a resident wants a person, and the
 * operations the console calls (claim, send, resolve, transfer). Emits 'changed' (conversationId)
 * whenever the queue or an owner changes, for the console's live view.
 */
export class HandoffService extends EventEmitter implements HandoffHook {
  readonly desk: HandoffDesk;
  readonly tickets: TicketFlow;
  private messenger: ConversationMessenger | undefined;

  constructor(private readonly o: HandoffServiceOptions) {
    super();
    this.setMaxListeners(200);
    this.desk = new HandoffDesk(o.documents, o.clock);
    this.tickets = new TicketFlow(o.documents, this.desk, o.clock);
  }

  /** Set once the server's proactive messenger exists (it is created after the bot). */
  useMessenger(messenger: ConversationMessenger): void {
    this.messenger = messenger;
  }

  /** The hook: queue the conversation, or offer a message outside service hours. */
  async request(context: TurnContext, reason: string): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    const channel = context.activity.channelId ?? 'unknown';
    if (!conversationId) return;
    const existing = await this.desk.get(conversationId);
    if (existing && rules.isActive(existing)) {
      if (existing.status === 'claimed') await context.sendActivity(handoffTexts.alreadyServed);
      else
        await context.sendActivity(
          withButtons(handoffTexts.stillQueued((await this.desk.position(conversationId)) ?? 1), [
            handoffTexts.cancelQueue,
          ]),
        );
      return;
    }
    const saved = await readSavedConversation(this.o.documents, channel, conversationId);
    const city = saved?.conversationData?.city;
    if (!isOpen(this.o.hours, city, this.o.clock.now())) {
      await context.sendActivity(handoffTexts.closed(describeSchedule(scheduleFor(this.o.hours, city))));
      await this.tickets.start(conversationId, channel, city);
      await context.sendActivity(withButtons(handoffTexts.leaveMessageAsk, [render('handoff.declineAction')]));
      return;
    }
    const draft = saved?.conversationData?.draft;
    const topic = (draft && procedureTopics[draft.procedure]) ?? topicOf(reason);
    const text = context.activity.type === 'message' ? context.activity.text : undefined;
    const { session } = await this.desk.request({
      conversationId,
      channel,
      ...(city ? { city } : {}),
      topic,
      reason,
      ...(text ? { lastResidentMessage: text } : {}),
    });
    const position = (await this.desk.position(conversationId)) ?? 1;
    // Nobody at the console: still queued (whoever signs in sees it), but the resident hears so and
    // can leave a number instead of waiting without end.
    const online = (await this.o.staffOnline?.()) ?? true;
    await context.sendActivity(
      online
        ? withButtons(`${handoffTexts.queued(position)}\n${handoffTexts.queueHint}`, [handoffTexts.cancelQueue])
        : withButtons(`${render('handoff.nobodyOnline', { position })}\n${handoffTexts.queueHint}`, [
            render('handoff.callBackAction'),
            handoffTexts.cancelQueue,
          ]),
    );
    await this.emitHandoffEvent(context, conversationId);
    this.o.log.info({ conversationId, reason, city: session.city }, 'handoff requested');
    this.emit('changed', conversationId);
  }

  /**
   * The resident would rather be called back (留言回电), or has waited longer than `waitMinutes`: the queue
   * place ends and a call-back message is taken, which becomes a ticket for the console. Returns what to
   * tell the resident; nothing when there is no waiting request to turn into one.
   */
  async callBackInstead(conversationId: string, reason: 'asked' | 'timedOut'): Promise<string[] | undefined> {
    const result = await this.desk.change(conversationId, rules.cancel);
    if (!result.ok) return undefined;
    await this.tickets.start(conversationId, result.value.channel, result.value.city);
    this.o.log.info({ conversationId, reason }, 'handoff turned into a call-back request');
    this.emit('changed', conversationId);
    await this.announcePositions(result.value);
    return [
      reason === 'asked'
        ? render('handoff.callBackInstead')
        : render('handoff.timedOut', { minutes: this.waitMinutes }),
      render('handoff.leaveNumberAsk'),
    ];
  }

  /** Starts a call-back message with no queue place (留言回电 typed outside the queue). */
  async startCallBack(context: TurnContext): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    const channel = context.activity.channelId ?? 'unknown';
    if (!conversationId) return;
    const saved = await readSavedConversation(this.o.documents, channel, conversationId);
    await this.tickets.start(conversationId, channel, saved?.conversationData?.city);
    await context.sendActivity(withButtons(handoffTexts.leaveMessageAsk, [render('handoff.declineAction')]));
  }

  get waitMinutes(): number {
    return this.o.waitMinutes ?? DEFAULT_WAIT_MINUTES;
  }

  /** Whether a waiting request has waited past `waitMinutes`. */
  waitedTooLong(session: HandoffSession): boolean {
    return (
      session.status === 'waiting' &&
      this.o.clock.now().getTime() - Date.parse(session.requestedAt) >= this.waitMinutes * 60_000
    );
  }

  /**
   * Every request that has waited too long becomes a call-back offer, sent into its conversation (run
   * periodically by the server; each request is changed once, whichever instance gets there first).
   */
  async expireWaiting(): Promise<number> {
    let expired = 0;
    for (const session of await this.desk.queue()) {
      if (!this.waitedTooLong(session)) continue;
      const replies = await this.callBackInstead(session.conversationId, 'timedOut');
      if (!replies) continue;
      expired++;
      for (const text of replies) await this.sendAsStaff(session.conversationId, undefined, text);
    }
    return expired;
  }

  /** The resident leaves the queue. */
  async cancelByResident(conversationId: string): Promise<boolean> {
    const result = await this.desk.change(conversationId, rules.cancel);
    if (!result.ok) return false;
    this.emit('changed', conversationId);
    await this.announcePositions(result.value);
    return true;
  }

  async claim(conversationId: string, staff: StaffIdentity): Promise<Result<HandoffSession>> {
    const before = await this.desk.get(conversationId);
    const result = await this.desk.change(conversationId, (s, now) => rules.claim(s, staff.username, now));
    if (!result.ok || before?.status === 'claimed') return result;
    await this.desk.audit({ actor: staff.username, action: 'claim', conversationId });
    await this.sendAsStaff(conversationId, undefined, handoffTexts.staffJoined(staff.displayName));
    this.emit('changed', conversationId);
    await this.announcePositions(result.value);
    return result;
  }

  /** What a staff member types, delivered in the resident's channel under the staff member's name. */
  async send(conversationId: string, staff: StaffIdentity, text: string): Promise<Result<void>> {
    const session = await this.desk.get(conversationId);
    if (!session || session.status !== 'claimed' || session.claimedBy !== staff.username) {
      return fail(problem('handoff.notOwner', 'claim the conversation before writing to the resident'));
    }
    const delivered = await this.sendAsStaff(conversationId, staff, text);
    if (!delivered) return fail(problem('handoff.undeliverable', 'the resident could not be reached in their channel'));
    await this.desk.audit({ actor: staff.username, action: 'send', conversationId, detail: `${text.length} chars` });
    return ok(undefined);
  }

  async resolve(conversationId: string, staff: StaffIdentity): Promise<Result<HandoffSession>> {
    const result = await this.desk.change(conversationId, (s, now) => rules.resolve(s, staff.username, now));
    if (!result.ok) return result;
    await this.desk.audit({ actor: staff.username, action: 'resolve', conversationId });
    await this.sendAsStaff(conversationId, undefined, handoffTexts.resolved);
    const draft = (await readSavedConversation(this.o.documents, result.value.channel, conversationId))
      ?.conversationData?.draft;
    if (draft && (await askToResumeOnNextMessage(this.o.documents, result.value.channel, conversationId))) {
      const title = procedureTopics[draft.procedure] ?? '办理';
      await this.sendAsStaff(
        conversationId,
        undefined,
        '',
        withButtons(commonTexts.resumeAsk(title), [commonTexts.resumeYes, commonTexts.resumeNo]),
      );
    }
    this.emit('changed', conversationId);
    return result;
  }

  async transfer(conversationId: string, from: StaffIdentity, to: StaffIdentity): Promise<Result<HandoffSession>> {
    const result = await this.desk.change(conversationId, (s, now) =>
      rules.transfer(s, from.username, to.username, now),
    );
    if (!result.ok) return result;
    await this.desk.audit({ actor: from.username, action: 'transfer', conversationId, detail: `to ${to.username}` });
    await this.sendAsStaff(conversationId, undefined, handoffTexts.transferred(to.displayName));
    this.emit('changed', conversationId);
    return result;
  }

  /** Everyone who was behind `left` hears their new place in the line; those ahead did not move (audit m10). */
  private async announcePositions(left: HandoffSession): Promise<void> {
    const queue = await this.desk.queue();
    await Promise.all(
      queue.map((s, i) =>
        s.requestedAt >= left.requestedAt
          ? this.sendAsStaff(s.conversationId, undefined, handoffTexts.queueMoved(i + 1))
          : Promise.resolve(false),
      ),
    );
  }

  /**
   * Sends into the conversation outside a turn and records it for the console. With a staff member
   * the message carries their name (the "工作人员" label is in the text too: channels like WeChat
   * show no sender names); without one it is the bot speaking.
   */
  private async sendAsStaff(
    conversationId: string,
    staff: StaffIdentity | undefined,
    text: string,
    prepared?: Partial<Activity>,
  ): Promise<boolean> {
    if (!this.messenger) {
      this.o.log.warn({ conversationId }, 'handoff message not sent: no messenger registered');
      return false;
    }
    const label = staff ? handoffTexts.staffPrefix(staff.displayName) : undefined;
    const activity: Partial<Activity> = prepared ?? MessageFactory.text(label ? `${label}：${text}` : text);
    if (label) activity.from = { id: `staff:${staff!.username}`, name: label, role: 'bot' };
    const delivered = await this.messenger.sendToConversation(conversationId, [activity]);
    if (delivered)
      await this.o.transcripts.record(
        { ...activity, conversation: { id: conversationId } as Activity['conversation'] },
        staff ? 'staff' : 'bot',
      );
    return delivered;
  }

  /** For agent hubs that listen for Bot Framework's handoff event; our own console does not need it. */
  private async emitHandoffEvent(context: TurnContext, conversationId: string): Promise<void> {
    try {
      const entries = await this.o.transcripts.entries(conversationId);
      const event = EventFactory.createHandoffInitiation(
        context,
        { skill: this.o.skill ?? 'residence-permit' },
        { activities: entries.map((e) => e.activity as Activity) },
      );
      await context.sendActivity(event);
    } catch (err) {
      this.o.log.warn({ err, conversationId }, 'handoff event not sent');
    }
  }
}

function topicOf(reason: string): string {
  if (reason.startsWith('procedure:')) return procedureTopics[reason.slice('procedure:'.length)] ?? '办理中遇到问题';
  if (/upset|angry|情绪/.test(reason)) return '情绪激动';
  if (/misunderst|not understood|没听懂/.test(reason)) return '助手没听懂';
  if (/validation/.test(reason)) return '填写不顺利';
  return '要求人工';
}
