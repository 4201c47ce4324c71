import type { Request } from 'restify';
import { ApplicationService } from '../../../src/domain/applicationService';
import type { Application } from '../../../src/domain/application';
import type { Clock, Store } from '../../../src/domain/ports';
import type { FileStore } from '../../../src/domain/files';
import type { StaffGate, StaffMember } from '../../../src/channels/backoffice';
import type { applicationView, queueItem } from '../../../src/channels/backoffice/reviewView';
import type { UndeliveredNotification } from '../../../src/channels/backoffice/statusNotifier';
import { makeId } from '../../domain/helpers';

/** A settable clock; reminders are scheduled months ahead, so tests jump. */
export class MovableClock implements Clock {
  constructor(private t: number = Date.parse('2026-05-20T02:00:00.000Z')) {}
  now(): Date {
    return new Date(this.t);
  }
  set(iso: string): void {
    this.t = Date.parse(iso);
  }
}

/**
 * Stand-in for the staff console's session check: the header names the staff member. The console's
 * own gate is used where it exists (see reviewConsole tests); this one keeps API tests independent.
 */
export function headerGate(): StaffGate & {
  audits: { staff: string; action: string; details: Record<string, unknown> }[];
} {
  const audits: { staff: string; action: string; details: Record<string, unknown> }[] = [];
  return {
    audits,
    async authenticate(req: Request): Promise<StaffMember | undefined> {
      const name = req.headers['x-test-staff'];
      const role = req.headers['x-test-role'];
      if (typeof name !== 'string' || !name) return undefined;
      return typeof role === 'string' ? { username: name, role } : { username: name };
    },
    async audit(staff, action, details) {
      audits.push({ staff: staff.username, action, details });
    },
  };
}

export const APPLICANT = { name: '王小明', idNumber: makeId('19900101'), phone: '13812345678' };

let seq = 0;
export async function submitApplication(
  store: Store,
  clock: Clock,
  overrides: Partial<{ kind: Application['kind']; city: string; conversationId: string }> = {},
): Promise<Application> {
  const service = new ApplicationService({ repository: store.applications, clock });
  const kind = overrides.kind ?? 'registration';
  const result = await service.submit({
    idempotencyKey: `test-${Date.now()}-${(seq += 1)}`,
    kind,
    city: overrides.city ?? 'shanghai',
    applicant: APPLICANT,
    answers: {
      residenceType: 'rented',
      address: '上海市黄浦区人民路100号3室',
      photo: 'existing',
      ...(kind === 'permit' ? { occupation: 'employed' } : {}),
    },
    ...(kind === 'permit' || kind === 'renewal'
      ? { pickup: { method: 'post', address: '上海市黄浦区人民路100号3室' } }
      : {}),
    ...(overrides.conversationId ? { conversationId: overrides.conversationId } : {}),
  });
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.value;
}

import { backOfficePlugin } from '../../../src/channels/backoffice';
import { createAssistantBot } from '../../../src/dialogs';
import { createLogger } from '../../../src/logger';
import { createMemoryStore } from '../../../src/storage/memoryStore';
import { createFakeKnowledge } from '../../dialogs/fakeKnowledge';
import { DirectLineTestClient, request, startServer, type Reply, type Running } from '../directLineClient';

export interface BackOfficeServer extends Running {
  clock: MovableClock;
  gate: ReturnType<typeof headerGate>;
  applications: ApplicationService;
  /** Calls the review API as a staff member. */
  staff<T = unknown>(method: string, path: string, body?: unknown, name?: string): Promise<Reply<T>>;
}

/** The review API's JSON answers as the tests read them (src/channels/backoffice/reviewRoutes.ts). */
export interface ReviewQueueBody {
  queue: string;
  city: string | null;
  items: ReturnType<typeof queueItem>[];
}
export type ApplicationViewBody = ReturnType<typeof applicationView> & {
  undeliveredNotices: Pick<UndeliveredNotification, 'at' | 'status' | 'text'>[];
};

/** The real assistant (fake knowledge) on a real server, with the back office plugged in. */
export async function startBackOfficeServer(
  options: { store?: Store; clock?: MovableClock; files?: FileStore } = {},
): Promise<BackOfficeServer> {
  const store = options.store ?? createMemoryStore();
  const clock = options.clock ?? new MovableClock();
  const log = createLogger('silent');
  const applications = new ApplicationService({ repository: store.applications, clock });
  const gate = headerGate();
  const files = options.files;
  const bot = createAssistantBot({
    knowledge: createFakeKnowledge(),
    applications,
    store,
    clock,
    log,
    ...(files ? { files } : {}),
  });
  const running = await startServer({
    store,
    bot,
    clock,
    ...(files ? { files } : {}),
    plugins: [backOfficePlugin({ gate, applications, reminderIntervalMs: 3_600_000 })],
  });
  return {
    ...running,
    clock,
    gate,
    applications,
    staff: <T = unknown>(method: string, path: string, body?: unknown, name = 'li.review') =>
      request<T>(running.base, method, `/console/api/review${path}`, {
        headers: { 'x-test-staff': name },
        ...(body !== undefined ? { body } : {}),
      }),
  };
}

/** A resident who opened Web Chat and said hello, so the server knows how to reach the conversation. */
export async function residentInChat(base: string): Promise<DirectLineTestClient> {
  const c = new DirectLineTestClient(base);
  await c.start(`resident-${Math.random().toString(36).slice(2, 8)}`);
  await c.send('你好');
  await c.waitForBot((a) => (a.text ?? '').includes('您好'));
  return c;
}

/** Send a message (or files) and wait for the bot's reply containing `expected`. */
export function chatSteps(chat: DirectLineTestClient): {
  says: (text: string, expected: string) => Promise<void>;
  uploads: (bytes: Buffer, name: string, expected: string) => Promise<void>;
} {
  return {
    says: async (text, expected) => {
      await chat.send(text);
      await chat.waitForBot((a) => (a.text ?? '').includes(expected), 8000);
    },
    uploads: async (bytes, name, expected) => {
      expect((await chat.upload([{ bytes, name }])).status).toBe(200);
      await chat.waitForBot((a) => (a.text ?? '').includes(expected), 8000);
    },
  };
}

/**
 * A Shanghai permit over Direct Line up to 已提交成功: the photo sent at the photo prompt (证件照.png), the
 * lease scan at item 4 (租赁备案.png), every other material brought in person.
 */
export async function shanghaiPermitWithUploads(
  chat: DirectLineTestClient,
  who: { name: string; id: string; phone: string },
  files: { photo: Buffer; lease: Buffer },
): Promise<void> {
  const { says, uploads } = chatSteps(chat);
  await says('我要办居住证', '哪个城市');
  await says('上海', '哪天办的');
  await says('2025年11月20日', '哪种情况');
  await says('上班', '姓名');
  await says(who.name, '身份证');
  await says(who.id, '手机');
  await says(who.phone, '上传');
  await uploads(files.photo, '证件照.png', '一样吗');
  await says('地址不变', '哪种住所');
  await says('租房', '怎么领取');
  await says('自取', '第1/5项');
  await says('到现场再交', '第3/5项');
  await uploads(files.lease, '租赁备案.png', '第4/5项');
  await says('到现场再交', '第5/5项');
  await says('到现场再交', '确认提交');
  await says('确认提交', '已提交成功');
}
