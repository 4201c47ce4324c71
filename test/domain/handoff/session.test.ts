import {
  cancel,
  claim,
  queueOrder,
  queuePosition,
  resolve,
  transfer,
  type HandoffSession,
} from '../../../src/domain/handoff/session';

const now = new Date('2026-06-15T02:00:00Z');
const waiting = (id: string, at: string): HandoffSession => ({
  conversationId: id,
  channel: 'webchat',
  topic: '要求人工',
  reason: 'asked',
  status: 'waiting',
  requestedAt: at,
  history: [],
});

describe('handoff session rules', () => {
  it('claims a waiting session once; a colleague is refused, the owner may click again', () => {
    const claimed = claim(waiting('a', '2026-06-15T01:00:00Z'), 'li', now);
    expect(claimed.ok && claimed.value).toMatchObject({ status: 'claimed', claimedBy: 'li' });
    if (!claimed.ok) return;
    expect(claim(claimed.value, 'wang', now)).toMatchObject({ ok: false, problems: [{ code: 'handoff.taken' }] });
    expect(claim(claimed.value, 'li', now).ok).toBe(true);
  });

  it('lets only the owner transfer or resolve, and a resolved session cannot be claimed', () => {
    const c = claim(waiting('a', '2026-06-15T01:00:00Z'), 'li', now);
    if (!c.ok) throw new Error();
    expect(transfer(c.value, 'wang', 'zhao', now).ok).toBe(false);
    expect(transfer(c.value, 'li', 'li', now).ok).toBe(false);
    const t = transfer(c.value, 'li', 'wang', now);
    expect(t.ok && t.value.claimedBy).toBe('wang');
    if (!t.ok) return;
    expect(resolve(t.value, 'li', now).ok).toBe(false);
    const r = resolve(t.value, 'wang', now);
    expect(r.ok && r.value.status).toBe('resolved');
    if (r.ok) expect(claim(r.value, 'li', now).ok).toBe(false);
  });

  it('lets the resident cancel only while waiting', () => {
    expect(cancel(waiting('a', '2026-06-15T01:00:00Z'), now).ok).toBe(true);
    const c = claim(waiting('a', '2026-06-15T01:00:00Z'), 'li', now);
    if (c.ok) expect(cancel(c.value, now).ok).toBe(false);
  });

  it('orders the queue first come first served', () => {
    const sessions = [
      waiting('late', '2026-06-15T01:30:00Z'),
      waiting('early', '2026-06-15T01:00:00Z'),
      { ...waiting('gone', '2026-06-15T00:00:00Z'), status: 'cancelled' as const },
    ];
    expect(queueOrder(sessions).map((s) => s.conversationId)).toEqual(['early', 'late']);
    expect(queuePosition(sessions, 'late')).toBe(2);
    expect(queuePosition(sessions, 'gone')).toBeUndefined();
  });
});
