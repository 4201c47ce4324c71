import type { Application } from '../../../src/domain/application';
import { getPolicy } from '../../../src/domain/policies';
import {
  afterAttempt,
  claimed,
  isClaimable,
  MAX_REMINDER_ATTEMPTS,
  remindersForStatusChange,
  reminderText,
  residentKey,
} from '../../../src/domain/reminders';
import { makeId } from '../helpers';

const base = (over: Partial<Application>): Application => ({
  referenceNumber: 'SH-20260520-ABCDEFGH',
  kind: 'registration',
  city: 'shanghai',
  status: 'approved',
  applicant: { name: '王小明', idNumber: makeId('19900101'), phone: '13812345678' },
  answers: {},
  checklist: [],
  idempotencyKey: 'k-12345678',
  conversationId: 'conv-1',
  createdAt: '2026-05-18T02:00:00.000Z',
  updatedAt: '2026-05-20T02:00:00.000Z',
  timeline: [
    { at: '2026-05-18T02:00:00.000Z', from: null, to: 'submitted', actor: 'resident' },
    { at: '2026-05-19T02:00:00.000Z', from: 'submitted', to: 'underReview', actor: 'li' },
    { at: '2026-05-20T02:00:00.000Z', from: 'underReview', to: 'approved', actor: 'li' },
  ],
  version: 3,
  ...over,
});

describe('which reminders are due when', () => {
  it('reminds six months after a registration is confirmed, at 09:00 Shanghai time, with a button text', () => {
    const [job, ...rest] = remindersForStatusChange(base({}), getPolicy('shanghai'), {
      today: '2026-05-20',
      at: '2026-05-20T02:00:00.000Z',
    });
    expect(rest).toEqual([]);
    expect(job).toMatchObject({
      kind: 'permitEligible',
      dueOn: '2026-11-20',
      dueAt: '2026-11-20T01:00:00.000Z',
      conversationId: 'conv-1',
      status: 'pending',
    });
    expect(job.residentKey).toBe(residentKey(makeId('19900101')));
    expect(job.residentKey).not.toContain('19900101');
    expect(reminderText(job, getPolicy('shanghai'))).toContain('已满6个月');
  });

  it('uses the month-end rule: confirmed on 08-31 → due on 02-28', () => {
    const app = base({
      timeline: [{ at: '2026-08-31T02:00:00.000Z', from: 'underReview', to: 'approved', actor: 'li' }],
    });
    expect(remindersForStatusChange(app, getPolicy('shanghai'), { today: '2026-08-31', at: 'x' })[0].dueOn).toBe(
      '2027-02-28',
    );
  });

  it('plans nothing for a registration still under review or a rejected one', () => {
    for (const status of ['underReview', 'rejected', 'needsCorrection'] as const) {
      expect(
        remindersForStatusChange(base({ status }), getPolicy('shanghai'), { today: '2026-05-20', at: 'x' }),
      ).toEqual([]);
    }
  });

  it('reminds a Shanghai permit holder 30 days before expiry; Chengdu states no window, so no reminder', () => {
    const permit = base({ kind: 'permit', status: 'completed' });
    const [sh] = remindersForStatusChange(permit, getPolicy('shanghai'), {
      today: '2026-06-01',
      at: 'x',
      permitExpiresOn: '2027-06-30',
    });
    expect(sh).toMatchObject({ kind: 'renewalDue', dueOn: '2027-05-31', expiresOn: '2027-06-30' });
    expect(reminderText(sh, getPolicy('shanghai'))).toContain('2027年6月30日到期');
    expect(
      remindersForStatusChange({ ...permit, city: 'chengdu' }, getPolicy('chengdu'), {
        today: '2026-06-01',
        at: 'x',
        permitExpiresOn: '2027-06-30',
      }),
    ).toEqual([]);
    // Without the card's expiry nothing is guessed.
    expect(remindersForStatusChange(permit, getPolicy('shanghai'), { today: '2026-06-01', at: 'x' })).toEqual([]);
  });

  it('reminds at once when the window is already open', () => {
    const [job] = remindersForStatusChange(base({ kind: 'renewal', status: 'completed' }), getPolicy('shanghai'), {
      today: '2026-06-20',
      at: 'x',
      permitExpiresOn: '2026-07-01',
    });
    expect(job.dueOn).toBe('2026-06-20');
  });

  it('claims a due job once; a lapsed lease makes it claimable again; attempts run out into undelivered', () => {
    const [job] = remindersForStatusChange(base({}), getPolicy('shanghai'), { today: '2026-05-20', at: 'x' });
    expect(isClaimable(job, new Date('2026-11-20T00:59:59Z'))).toBe(false);
    const due = new Date('2026-11-20T01:00:00Z');
    expect(isClaimable(job, due)).toBe(true);
    const held = claimed(job, 'a', due, 60_000);
    expect(isClaimable(held, new Date(due.getTime() + 59_000))).toBe(false);
    expect(isClaimable(held, new Date(due.getTime() + 60_000))).toBe(true);
    const sent = afterAttempt(held, 'sent', due);
    expect(sent.status).toBe('sent');
    expect(isClaimable(sent, new Date('2030-01-01T00:00:00Z'))).toBe(false);
    const retry = afterAttempt(held, 'failed', due, 600_000);
    expect(retry).toMatchObject({ status: 'pending', dueAt: new Date(due.getTime() + 600_000).toISOString() });
    expect(afterAttempt({ ...held, attempts: MAX_REMINDER_ATTEMPTS }, 'failed', due).status).toBe('undelivered');
  });
});

it('counts from the Shanghai calendar day of the confirmation (00:30 in Shanghai is still the UTC day before)', () => {
  const app = base({
    timeline: [{ at: '2026-05-19T16:30:00.000Z', from: 'underReview', to: 'approved', actor: 'li' }],
  });
  expect(remindersForStatusChange(app, getPolicy('shanghai'), { today: '2026-05-20', at: 'x' })[0].dueOn).toBe(
    '2026-11-20',
  );
});
