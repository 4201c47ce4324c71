import { createAssistantBot } from '../../../src/dialogs';
import { ApplicationService } from '../../../src/domain/applicationService';
import { systemClock } from '../../../src/domain/ports';
import { createLogger } from '../../../src/logger';
import { DirectLineTestClient } from '../../channels/directLineClient';
import {
  PASSWORD,
  startHandoffServer,
  type ConversationView,
  type HandoffServer,
  type QueueBody,
} from '../../channels/console/harness';
import { createFakeKnowledge } from '../fakeKnowledge';

/** The real assistant (keyword knowledge) behind the handoff: a procedure survives a person taking over. */
describe('handoff in the middle of a procedure', () => {
  let server: HandoffServer;
  beforeEach(async () => {
    server = await startHandoffServer({
      bot: (setup, store) =>
        createAssistantBot({
          knowledge: createFakeKnowledge(),
          applications: new ApplicationService({ repository: store.applications, clock: systemClock }),
          store,
          clock: systemClock,
          log: createLogger('silent'),
          handoff: setup.service,
        }),
    });
  });
  afterEach(() => server.stop());

  it('stays silent while owned, shows the procedure and its answers in the console, and resumes the same question after hand-back', async () => {
    const c = new DirectLineTestClient(server.base);
    await c.start('resident-1');
    await c.send('我在上海，我要挂失');
    await new Promise((r) => setTimeout(r, 500));
    await c.poll();
    const botTexts = () =>
      c.seen.filter((a) => a.from?.role === 'bot' && a.type === 'message').map((a) => a.text ?? '');
    const question = botTexts().at(-1)!;
    expect(question).toBeTruthy();

    await c.send('转人工');
    await c.waitForBot((m) => /已为您转人工/.test(m.text ?? ''));
    const li = await server.login('li', PASSWORD);
    const queue = await server.api<QueueBody>('GET', '/queue', { cookie: li });
    expect(queue.body.waiting[0]).toMatchObject({
      conversationId: c.conversationId,
      topic: '居住证挂失',
      city: 'shanghai',
    });
    await server.api('POST', `/conversations/${c.conversationId}/claim`, { cookie: li });
    const view = await server.api<ConversationView>('GET', `/conversations/${c.conversationId}`, { cookie: li });
    expect(view.body.procedure).toMatchObject({ title: '居住证挂失' });

    await c.waitForBot((m) => m.text === '工作人员李明已接入，请直接说您的问题。');
    const before = botTexts().length;
    await c.send('我的证件在地铁上丢的');
    await new Promise((r) => setTimeout(r, 300));
    await c.poll();
    expect(botTexts().slice(before)).toEqual([]);

    await server.api('POST', `/conversations/${c.conversationId}/resolve`, { cookie: li });
    await c.waitForBot((m) => m.text === '您上次办理的「居住证挂失」还没完成，要接着办吗？');
    await c.send('接着办');
    // The question that was open when the person took over comes back: the dialog state was kept.
    const count = botTexts().filter((t) => t === question).length;
    await c.waitForBot(() => botTexts().filter((t) => t === question).length > count);
  });
});
