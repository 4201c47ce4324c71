import { fail, ok, problem, type Result } from '../result';

/**
 * A resident's request for a person. One per conversation at a time: waiting in the queue, claimed by
 * one staff member, then resolved (back to the bot) or cancelled by the resident.
 */
export type HandoffStatus = 'waiting' | 'claimed' | 'resolved' | 'cancelled';

export interface HandoffSession {
  conversationId: string;
  /** The channel key the proactive messenger uses (webchat, wechat, botframework). */
  channel: string;
  city?: string;
  /** What the resident needs help with, as far as the bot could tell. */
  topic: string;
  reason: string;
  status: HandoffStatus;
  requestedAt: string;
  claimedBy?: string;
  claimedAt?: string;
  closedAt?: string;
  lastResidentMessage?: string;
  lastResidentAt?: string;
  /** Who held it before, oldest first (transfers). */
  history: { staff: string; from: string; to: string }[];
}

export type Decision = Result<HandoffSession>;

export function isActive(session: HandoffSession | undefined): session is HandoffSession {
  return session !== undefined && (session.status === 'waiting' || session.status === 'claimed');
}

export function claim(session: HandoffSession, staff: string, now: Date): Decision {
  if (session.status === 'claimed') {
    return session.claimedBy === staff
      ? ok(session)
      : fail(problem('handoff.taken', `already claimed by ${session.claimedBy}`));
  }
  if (session.status !== 'waiting') return fail(problem('handoff.closed', 'this conversation is no longer waiting'));
  return ok({ ...session, status: 'claimed', claimedBy: staff, claimedAt: now.toISOString() });
}

/** Only the owner hands a conversation to a colleague; the colleague owns it at once. */
export function transfer(session: HandoffSession, by: string, to: string, now: Date): Decision {
  if (session.status !== 'claimed')
    return fail(problem('handoff.notClaimed', 'only a claimed conversation can be transferred'));
  if (session.claimedBy !== by)
    return fail(problem('handoff.notOwner', 'only the staff member who owns it can transfer it'));
  if (to === by) return fail(problem('handoff.sameStaff', 'choose another staff member'));
  const at = now.toISOString();
  return ok({
    ...session,
    claimedBy: to,
    claimedAt: at,
    history: [...session.history, { staff: by, from: session.claimedAt ?? at, to: at }],
  });
}

export function resolve(session: HandoffSession, by: string, now: Date): Decision {
  if (session.status !== 'claimed')
    return fail(problem('handoff.notClaimed', 'only a claimed conversation can be resolved'));
  if (session.claimedBy !== by)
    return fail(problem('handoff.notOwner', 'only the staff member who owns it can resolve it'));
  const at = now.toISOString();
  return ok({
    ...session,
    status: 'resolved',
    closedAt: at,
    history: [...session.history, { staff: by, from: session.claimedAt ?? at, to: at }],
  });
}

/** The resident leaves the queue; once a person has it, the resident cannot cancel, only staff resolve. */
export function cancel(session: HandoffSession, now: Date): Decision {
  if (session.status !== 'waiting')
    return fail(problem('handoff.notWaiting', 'only a waiting request can be cancelled'));
  return ok({ ...session, status: 'cancelled', closedAt: now.toISOString() });
}

/** Waiting sessions, first come first served. */
export function queueOrder(sessions: HandoffSession[]): HandoffSession[] {
  return sessions
    .filter((s) => s.status === 'waiting')
    .sort((a, b) => a.requestedAt.localeCompare(b.requestedAt) || a.conversationId.localeCompare(b.conversationId));
}

/** 1 for the first in line; undefined when not waiting. */
export function queuePosition(sessions: HandoffSession[], conversationId: string): number | undefined {
  const i = queueOrder(sessions).findIndex((s) => s.conversationId === conversationId);
  return i < 0 ? undefined : i + 1;
}

export function waitingSeconds(session: HandoffSession, now: Date): number {
  return Math.max(0, Math.round((now.getTime() - Date.parse(session.requestedAt)) / 1000));
}
