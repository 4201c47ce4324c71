import type { Application } from '../../src/domain/application';
import { ApplicationService } from '../../src/domain/applicationService';
import { ConcurrencyError, type ApplicationRepository } from '../../src/domain/ports';
import { createMemoryStore } from '../../src/storage/memoryStore';
import { CHINESE, clockOn, makeId } from './helpers';

const ID = makeId('19900307');

function setup(today = '2026-09-29', repository?: ApplicationRepository) {
  const store = createMemoryStore();
  const clock = clockOn(today);
  let n = 0;
  const random = () => `ABCDEF${String.fromCharCode(65 + Math.floor(n / 24))}${'ABCDEFGHJKLMNPQRSTUVWXYZ'[n++ % 24]}`;
  const service = new ApplicationService({ repository: repository ?? store.applications, clock, random });
  return { store, clock, service };
}

const permit = (over: Record<string, unknown> = {}) => ({
  idempotencyKey: 'client-key-0001',
  kind: 'permit',
  city: 'shanghai',
  applicant: { name: '李四', idNumber: ID, phone: '138 0013 8000' },
  answers: { residenceType: 'rented', occupation: 'employed', registeredOn: '2026-01-15' },
  pickup: { method: 'post', address: '上海市黄浦区某路1号' },
  ...over,
});

describe('ApplicationService.submit', () => {
  it('stores a permit application with reference, checklist and due date from the working-day calendar', async () => {
    const { service, store } = setup();
    const r = await service.submit(permit());
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const app = r.value;
    expect(app.referenceNumber).toBe('SH-20260929-ABCDEFAA');
    expect(app.status).toBe('submitted');
    expect(app.applicant).toEqual({ name: '李四', idNumber: ID, phone: '13800138000' });
    expect(app.checklist).toEqual(expect.arrayContaining(['本人有效居民身份证（正反面）', '在上海缴纳社保的记录']));
    // 6 review + 7 production working days from 29 Sep 2026, skipping National Day, counting Sat 10 Oct.
    // The next date is the review result (6 working days, 002), not the card (audit row 6).
    expect(app.expectedBy).toBe('2026-10-13');
    expect(app.timeline).toEqual([{ at: '2026-09-29T02:00:00.000Z', from: null, to: 'submitted', actor: 'resident' }]);
    expect(await store.applications.get(app.referenceNumber)).toEqual(app);
  });

  it('uses the 1-working-day e-certificate for a registration and no due date where the city states none', async () => {
    const { service } = setup('2026-09-30');
    const reg = await service.submit(
      permit({
        kind: 'registration',
        idempotencyKey: 'reg-key-0001',
        pickup: undefined,
        answers: { residenceType: 'owned' },
      }),
    );
    // The newer 1-working-day e-certificate (000), as the FAQ says (audit row 8).
    expect(reg.ok && reg.value.expectedBy).toBe('2026-10-08');
    const cd = await service.submit(permit({ city: 'chengdu', idempotencyKey: 'cd-key-00001' }));
    expect(cd.ok && cd.value.referenceNumber.startsWith('CD-20260930-')).toBe(true);
    expect(cd.ok && cd.value.expectedBy).toBeUndefined();
  });

  it('returns the first record for a repeated idempotency key and stores nothing new', async () => {
    const { service, store } = setup();
    const first = await service.submit(permit());
    const again = await service.submit(permit({ applicant: { name: '王五', idNumber: ID, phone: '13900139000' } }));
    expect(again).toEqual(first);
    expect(await store.applications.list()).toHaveLength(1);
  });

  it('keeps one record when the same submission arrives twice at once', async () => {
    const { service, store } = setup();
    const [a, b] = await Promise.all([service.submit(permit()), service.submit(permit())]);
    expect(a.ok && b.ok && a.value.referenceNumber === b.value.referenceNumber).toBe(true);
    expect(await store.applications.list()).toHaveLength(1);
  });

  const bad: Array<[string, unknown, string | undefined]> = [
    ['nothing at all', undefined, undefined],
    ['a string', 'hello', undefined],
    ['an empty object', {}, 'idempotencyKey'],
    ['an unknown kind', permit({ kind: 'passport' }), 'kind'],
    ['an unknown city', permit({ city: 'beijing' }), 'city'],
    ['an empty name', permit({ applicant: { name: ' ', idNumber: ID, phone: '13800138000' } }), 'applicant.name'],
    [
      'a bad ID check digit',
      permit({
        applicant: { name: '李四', idNumber: ID.slice(0, 17) + (ID[17] === '1' ? '2' : '1'), phone: '13800138000' },
      }),
      'applicant.idNumber',
    ],
    ['a landline', permit({ applicant: { name: '李四', idNumber: ID, phone: '021-6321-0000' } }), 'applicant.phone'],
    ['a short key', permit({ idempotencyKey: 'abc' }), 'idempotencyKey'],
    [
      'an unknown residence type',
      permit({ answers: { residenceType: 'boat', occupation: 'employed' } }),
      'answers.residenceType',
    ],
    [
      'a Chengdu residence type Chengdu lacks',
      permit({ city: 'chengdu', answers: { residenceType: 'relatives' } }),
      'answers.residenceType',
    ],
    ['a nested answer', permit({ answers: { residenceType: { id: 'rented' } } }), 'answers.residenceType'],
    ['a bad date answer', permit({ answers: { registeredOn: '去年' } }), 'answers.registeredOn'],
    ['no pickup for a card', permit({ pickup: undefined }), 'pickup'],
    ['post without address', permit({ pickup: { method: 'post' } }), 'pickup.address'],
    ['registered too recently', permit({ answers: { registeredOn: '2026-05-01' } }), 'answers.registeredOn'],
    [
      'relatives without a kinship letter',
      permit({ answers: { residenceType: 'relatives', occupation: 'employed' } }),
      'kinshipLetter',
    ],
    [
      'a letter signed by someone else',
      permit({ answers: { residenceType: 'relatives' }, kinshipLetter: { text: '承诺书', signedName: '王五' } }),
      'kinshipLetter.signedName',
    ],
    ['an expired card for renewal', permit({ kind: 'renewal', answers: { expiresOn: '2026-09-01' } }), 'expiresOn'],
    ['a renewal too early', permit({ kind: 'renewal', answers: { expiresOn: '2027-09-01' } }), 'expiresOn'],
    ['an adult sending a friend', permit({ answers: { proxyActor: 'other' } }), 'actor'],
  ];
  it.each(bad)('refuses %s with a Chinese reason and stores nothing', async (_name, input, field) => {
    const { service, store } = setup();
    const r = await service.submit(input);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field)).toContain(field);
    for (const p of r.problems) expect(p.message).toMatch(CHINESE);
    expect(await store.applications.list()).toHaveLength(0);
  });

  it('refuses an online filing by a close relative: they act at a service centre (000)', async () => {
    const { service, store } = setup();
    const r = await service.submit(
      permit({
        applicant: { name: '王秀英', idNumber: makeId('19500202'), phone: '13800138000' },
        answers: {
          residenceType: 'owned',
          occupation: 'employed',
          registeredOn: '2026-01-01',
          proxyActor: 'closeRelative',
          limitedMobility: true,
        },
      }),
    );
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'proxy.atPlace' }] });
    expect(!r.ok && r.problems[0].message).toContain('社区事务受理服务中心');
    expect(await store.applications.list()).toHaveLength(0);
  });

  it('accepts the relatives case with a signed letter and adds a guardian’s materials for a child', async () => {
    const { service } = setup();
    const child = makeId('20150101');
    const r = await service.submit(
      permit({
        applicant: { name: '小明', idNumber: child, phone: '13800138000' },
        answers: {
          residenceType: 'relatives',
          occupation: 'student',
          registeredOn: '2026-01-01',
          proxyActor: 'guardian',
        },
        kinshipLetter: { text: '亲属关系承诺书……', signedName: '小明' },
      }),
    );
    expect(r.ok).toBe(true);
    expect(r.ok && r.value.checklist).toEqual(
      expect.arrayContaining([
        '亲属关系承诺书（网上申请时由系统生成，签名确认即可，不用回外地开亲属关系证明）',
        '监护关系证明（出生医学证明）',
      ]),
    );
    expect(r.ok && r.value.kinshipLetter?.signedAt).toBe('2026-09-29T02:00:00.000Z');
  });

  it('retries once with a new reference number when the first one is taken', async () => {
    const { service, store } = setup();
    await service.submit(permit());
    const clash = new ApplicationService({
      repository: store.applications,
      clock: clockOn('2026-09-29'),
      random: (() => {
        const parts = ['ABCDEFAA', 'ABCDEFAB'];
        return () => parts.shift() ?? 'ZZZZZZZZ';
      })(),
    });
    const r = await clash.submit(permit({ idempotencyKey: 'client-key-0002' }));
    expect(r.ok && r.value.referenceNumber).toBe('SH-20260929-ABCDEFAB');
  });
});

describe('ApplicationService: status changes, lookup, resubmission', () => {
  async function submitted() {
    const ctx = setup();
    const r = await ctx.service.submit(permit());
    if (!r.ok) throw new Error('setup failed');
    return { ...ctx, ref: r.value.referenceNumber };
  }
  const staff = (note?: string) => ({ actor: 'staff01', at: '2026-09-30T02:00:00.000Z', ...(note ? { note } : {}) });

  it('moves through review, production and delivery, recording every step', async () => {
    const { service, ref, clock } = await submitted();
    for (const to of ['underReview', 'approved', 'inProduction'] as const)
      expect((await service.transition(ref, to, staff())).ok).toBe(true);
    const prod = await service.transition(ref, 'shipped', { ...staff(), deliveryNote: 'EMS' });
    clock.set('2026-10-20');
    const done = await service.transition(ref, 'completed', staff());
    expect(prod.ok && done.ok).toBe(true);
    if (!done.ok) return;
    expect(done.value.timeline.map((t) => t.to)).toEqual([
      'submitted',
      'underReview',
      'approved',
      'inProduction',
      'shipped',
      'completed',
    ]);
    expect(done.value.version).toBe(6);
    expect(done.value.expectedBy).toBeUndefined();
  });

  it('sets the production due date when production starts', async () => {
    const { service, ref } = await submitted();
    await service.transition(ref, 'underReview', staff());
    await service.transition(ref, 'approved', staff());
    const r = await service.transition(ref, 'inProduction', staff());
    expect(r.ok && r.value.expectedBy).toBe('2026-10-14'); // 7 working days after 29 Sep 2026
  });

  it('refuses an illegal move and leaves the record as it was', async () => {
    const { service, ref, store } = await submitted();
    const r = await service.transition(ref, 'completed', staff());
    expect(r).toMatchObject({ ok: false, problems: [{ code: 'transition.illegal' }] });
    expect((await store.applications.get(ref))?.status).toBe('submitted');
  });

  it('answers "not found" for an unknown or malformed reference', async () => {
    const { service } = await submitted();
    expect(await service.transition('SH-20260929-ZZZZZZZZ', 'underReview', staff())).toMatchObject({
      ok: false,
      problems: [{ code: 'application.notFound' }],
    });
    expect(await service.transition('drop table', 'underReview', staff())).toMatchObject({
      ok: false,
      problems: [{ code: 'application.notFound' }],
    });
  });

  it('lets the resident correct answers after 需补正, then goes back to review', async () => {
    const { service, ref } = await submitted();
    await service.transition(ref, 'underReview', staff());
    await service.transition(ref, 'needsCorrection', {
      ...staff('请改为自有住房证明'),
      correctionFields: ['住所证明'],
    });
    const r = await service.resubmit(ref, { answers: { residenceType: 'owned' } }, 'resident');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.status).toBe('resubmitted');
    expect(r.value.checklist).toContain('《房地产权证书》或《不动产权证书》');
    expect(r.value.correction).toBeUndefined();
    expect((await service.transition(ref, 'underReview', staff())).ok).toBe(true);
  });

  it('refuses a resubmission nobody asked for, and bad answers', async () => {
    const { service, ref } = await submitted();
    expect(await service.resubmit(ref, { answers: { a: 'b' } }, 'resident')).toMatchObject({
      ok: false,
      problems: [{ code: 'resubmit.notNeeded' }],
    });
    const bad = await service.resubmit(ref, { answers: { residenceType: [1] as unknown as string } }, 'resident');
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems[0].message).toMatch(CHINESE);
  });

  it.each([
    ['the right last four', (ref: string) => [ref, ID.slice(-4)], true],
    ['lower case and spaces', (ref: string) => [` ${ref.toLowerCase()} `, ID.slice(-4).toLowerCase()], true],
    ['wrong last four', (ref: string) => [ref, '0000'], false],
    ['only three characters', (ref: string) => [ref, ID.slice(-3)], false],
    ['an unknown reference', () => ['SH-20260929-ZZZZZZZZ', ID.slice(-4)], false],
    ['garbage', () => ['???', ''], false],
  ])('lookup with %s', async (_name, args, found) => {
    const { service, ref } = await submitted();
    const [r, last4] = args(ref) as [string, string];
    const app = await service.lookup(r, last4);
    expect(app?.referenceNumber === ref).toBe(found);
  });

  it('latestFor returns the newest matching application', async () => {
    const { service, clock } = setup();
    await service.submit(permit());
    clock.set('2026-10-12');
    const second = await service.submit(permit({ idempotencyKey: 'client-key-0002' }));
    const latest = await service.latestFor({ applicantIdNumber: ID });
    expect(second.ok && latest?.referenceNumber).toBe(second.ok && second.value.referenceNumber);
    expect(await service.latestFor({ city: 'chengdu' })).toBeUndefined();
  });

  it('retries once when someone else changed the record in between', async () => {
    const { store } = setup();
    let conflicts = 1;
    const flaky: ApplicationRepository = {
      ...store.applications,
      insert: (a) => store.applications.insert(a),
      get: (r) => store.applications.get(r),
      list: (f) => store.applications.list(f),
      update: async (a: Application, v: number) => {
        if (conflicts-- > 0) throw new ConcurrencyError();
        return store.applications.update(a, v);
      },
    };
    const { service } = setup('2026-09-29', flaky);
    const created = await service.submit(permit());
    const ref = created.ok ? created.value.referenceNumber : '';
    expect((await service.transition(ref, 'underReview', staff())).ok).toBe(true);
    conflicts = 2;
    expect(await service.transition(ref, 'approved', staff())).toMatchObject({
      ok: false,
      problems: [{ code: 'application.conflict' }],
    });
  });
});
