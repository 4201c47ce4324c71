import { ACTIVITIES, ConversationLog } from '../../src/channels/directline/conversationLog';
import { createLogger } from '../../src/logger';
import { createMemoryStore } from '../../src/storage/memoryStore';

const seq = (id: string | undefined) => Number((id ?? '').split('|')[1]);

describe('Direct Line log after a crash lost its unsaved tail (lowdb write-behind, kill -9)', () => {
  it('never hands out an id a client already saw, so no reply lands below its watermark', async () => {
    const store = createMemoryStore();
    const before = new ConversationLog(store.documents, createLogger('silent'));
    await before.create({ id: 'c1', userId: 'u', createdAt: new Date().toISOString(), started: true });
    const seen: number[] = [];
    for (const text of ['你好', '办居住证需要什么', '网点自取', '请核对']) {
      seen.push(seq((await before.append('c1', { type: 'message', text })).id));
    }
    await before.flush();
    // The crash: the last two activities the client had polled never reached the disk.
    const keys = (await store.documents.list(ACTIVITIES, { prefix: 'c1:' })).map((d) => d.key);
    for (const key of keys.slice(-2)) await store.documents.delete(ACTIVITIES, key);

    const after = new ConversationLog(store.documents, createLogger('silent'));
    const watermark = Math.max(...seen);
    const reply = await after.append('c1', { type: 'message', text: '确认提交' });
    expect(seq(reply.id)).toBeGreaterThan(watermark);
    const page = await after.since('c1', watermark);
    expect(page.activities.map((a) => a.text)).toEqual(['确认提交']);
    expect(page.watermark).toBe(seq(reply.id));
  });
});
