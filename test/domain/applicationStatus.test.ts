import {
  APPLICATION_STATUSES,
  type Application,
  type ApplicationKind,
  type ApplicationStatus,
} from '../../src/domain/application';
import { allowedNext, applyTransition, STATUS_LABELS, type TransitionBy } from '../../src/domain/applicationStatus';
import { CHINESE } from './helpers';

function appIn(status: ApplicationStatus, kind: ApplicationKind = 'permit'): Application {
  return {
    referenceNumber: 'SH-20261122-7K3QX9PA',
    kind,
    city: 'shanghai',
    status,
    applicant: { name: '张三', idNumber: '11010519491231002X', phone: '13800138000' },
    answers: {},
    checklist: [],
    idempotencyKey: 'key-12345678',
    createdAt: '2026-11-22T02:00:00.000Z',
    updatedAt: '2026-11-22T02:00:00.000Z',
    timeline: [{ at: '2026-11-22T02:00:00.000Z', from: null, to: 'submitted', actor: 'resident' }],
    version: 3,
  };
}

// The legal moves, written out independently of the implementation.
const CARD: Array<[ApplicationStatus, ApplicationStatus]> = [
  ['submitted', 'underReview'],
  ['underReview', 'approved'],
  ['underReview', 'rejected'],
  ['underReview', 'needsCorrection'],
  ['needsCorrection', 'resubmitted'],
  ['resubmitted', 'underReview'],
  ['approved', 'inProduction'],
  ['inProduction', 'shipped'],
  ['inProduction', 'readyForPickup'],
  ['shipped', 'completed'],
  ['readyForPickup', 'completed'],
];
const NO_CARD = CARD.filter(([from]) => !['approved'].includes(from)).concat([['approved', 'completed']]);
const LEGAL: Record<ApplicationKind, Array<[ApplicationStatus, ApplicationStatus]>> = {
  permit: CARD,
  renewal: CARD,
  registration: NO_CARD,
  addressChange: NO_CARD,
  lossReport: NO_CARD,
  lossCancellation: NO_CARD,
};

const by = {
  actor: 'staff01',
  at: '2026-11-23T03:00:00.000Z',
  note: '材料不清楚',
  correctionFields: ['租赁合同备案通知书'],
};

describe.each(Object.keys(LEGAL) as ApplicationKind[])('status machine for %s', (kind) => {
  const pairs = APPLICATION_STATUSES.flatMap((from) => APPLICATION_STATUSES.map((to) => [from, to] as const));
  it.each(pairs)('%s → %s', (from, to) => {
    const legal = LEGAL[kind].some(([f, t]) => f === from && t === to);
    const r = applyTransition(appIn(from, kind), to, by);
    expect(r.ok).toBe(legal);
    if (r.ok) {
      expect(r.value.status).toBe(to);
      expect(r.value.timeline.at(-1)).toEqual({ at: by.at, from, to, actor: 'staff01', note: '材料不清楚' });
      expect(r.value.updatedAt).toBe(by.at);
    } else {
      expect(r.problems[0].code).toBe('transition.illegal');
      expect(r.problems[0].message).toContain(STATUS_LABELS[from]);
      expect(r.problems[0].message).toContain(STATUS_LABELS[to]);
    }
  });
  it('allowedNext lists exactly the legal moves', () => {
    for (const from of APPLICATION_STATUSES) {
      const expected = LEGAL[kind]
        .filter(([f]) => f === from)
        .map(([, t]) => t)
        .sort();
      expect(allowedNext(from, kind).sort()).toEqual(expected);
    }
  });
});

describe('transition details', () => {
  it('requires a reason to reject and keeps it on the record', () => {
    expect(applyTransition(appIn('underReview'), 'rejected', { actor: 's', at: by.at })).toMatchObject({
      ok: false,
      problems: [{ code: 'transition.reasonRequired' }],
    });
    expect(applyTransition(appIn('underReview'), 'rejected', { actor: 's', at: by.at, note: '  ' })).toMatchObject({
      ok: false,
    });
    const r = applyTransition(appIn('underReview'), 'rejected', { actor: 's', at: by.at, note: '房屋为商业用房' });
    expect(r.ok && r.value.rejectionReason).toBe('房屋为商业用房');
  });

  it('requires saying what to correct, and clears it once resubmitted', () => {
    expect(applyTransition(appIn('underReview'), 'needsCorrection', { actor: 's', at: by.at })).toMatchObject({
      ok: false,
      problems: [{ code: 'transition.correctionRequired' }],
    });
    const asked = applyTransition(appIn('underReview'), 'needsCorrection', {
      actor: 's',
      at: by.at,
      correctionFields: ['照片'],
    });
    expect(asked.ok && asked.value.correction).toEqual({ fields: ['照片'], note: '' });
    if (!asked.ok) return;
    const back = applyTransition(asked.value, 'resubmitted', { actor: 'resident', at: by.at });
    expect(back.ok && back.value.correction).toBeUndefined();
    expect(back.ok && back.value.timeline.map((t) => t.to)).toEqual(['submitted', 'needsCorrection', 'resubmitted']);
  });

  it('does not change the record it was given', () => {
    const app = appIn('submitted');
    applyTransition(app, 'underReview', by);
    expect(app.status).toBe('submitted');
    expect(app.timeline).toHaveLength(1);
  });

  it('records the delivery note when shipping', () => {
    const r = applyTransition(appIn('inProduction'), 'shipped', { actor: 'post', at: by.at, deliveryNote: 'EMS 1234' });
    expect(r.ok && r.value.deliveryNote).toBe('EMS 1234');
  });

  it.each<[string, string, TransitionBy, string]>([
    ['an unknown status', 'lost', by, 'status.unknown'],
    ['no actor', 'underReview', { ...by, actor: ' ' }, 'transition.actor'],
    ['a bad time', 'underReview', { ...by, at: 'yesterday' }, 'transition.at'],
  ])('refuses %s with a Chinese message', (_name, to, who, code) => {
    const r = applyTransition(appIn('submitted'), to as ApplicationStatus, who);
    expect(r).toMatchObject({ ok: false, problems: [{ code }] });
    expect(!r.ok && r.problems[0].message).toMatch(CHINESE);
  });

  it('tells staff a finished application cannot move', () => {
    const r = applyTransition(appIn('completed'), 'underReview', by);
    expect(!r.ok && r.problems[0].message).toMatch(/已经结束/);
  });
});
