import { eraseWeChatUser } from '../../../src/channels/wechat/erasure';
import { createMemoryStore } from '../../../src/storage/memoryStore';

describe('erasing an unsubscribed user', () => {
  it("removes that user's bot state and references, and nobody else's", async () => {
    const { documents } = createMemoryStore();
    for (const key of [
      'wechat/conversations/oUser1',
      'wechat/users/oUser1',
      'wechat/conversations/oUser10',
      'webchat/users/oUser1',
    ]) {
      await documents.put('bot-state', key, { x: 1 });
    }
    await documents.put('conversation-refs', 'oUser1', { x: 1 });
    await documents.put('conversation-refs', 'oUser2', { x: 1 });
    const removed = await eraseWeChatUser(documents, 'oUser1', {
      botState: ['bot-state'],
      keyedByOpenId: ['conversation-refs'],
    });
    expect(removed).toBe(3);
    expect((await documents.list('bot-state')).map((d) => d.key)).toEqual([
      'webchat/users/oUser1',
      'wechat/conversations/oUser10',
    ]);
    expect((await documents.list('conversation-refs')).map((d) => d.key)).toEqual(['oUser2']);
  });
});
