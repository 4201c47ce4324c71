import { ActivityHandler, CardFactory, MessageFactory, type Activity } from 'botbuilder';
import { numberedList } from '../../../src/dialogs/choices';

/** A small bot whose behaviour each test can trigger by what the user writes. */
export class TestBot extends ActivityHandler {
  readonly seen: Partial<Activity>[] = [];

  constructor() {
    super();
    this.onMessage(async (context, next) => {
      this.seen.push(context.activity);
      const text = context.activity.text ?? '';
      if (text === '慢') {
        await new Promise((resolve) => setTimeout(resolve, 2500));
        await context.sendActivity('久等了。');
        await context.sendActivity('这是答复。');
      } else if (text === '菜单') {
        await context.sendActivity(MessageFactory.suggestedActions(['办理居住证', '查询进度'], '请选择要办的事。'));
      } else if (text === '住所') {
        // A choice as the dialogs ask it: the numbered list under the question, and the same options as buttons.
        const options = [
          { id: 'rented', title: '租赁住房' },
          { id: 'owned', title: '自有住房' },
        ];
        await context.sendActivity(
          MessageFactory.suggestedActions(
            options.map((o) => o.title),
            `您住的是哪种住所？\n${numberedList(options)}`,
          ),
        );
      } else if (text === '长') {
        await context.sendActivity('办'.repeat(1000));
      } else if (text.startsWith('人工')) {
        // In a handoff the bot only forwards the message to staff and says nothing itself.
      } else if (text === '出错') {
        throw new Error('boom');
      } else if (text === '卡片') {
        await context.sendActivity({
          attachments: [
            CardFactory.heroCard('居住证', '请选择', undefined, [{ type: 'imBack', title: '续签', value: 'renew' }]),
          ],
        });
      } else if (context.activity.entities?.length) {
        const geo = context.activity.entities[0] as unknown as { latitude: number; longitude: number };
        await context.sendActivity(`位置：${geo.latitude},${geo.longitude}`);
      } else if (context.activity.attachments?.length) {
        await context.sendActivity(`图片：${context.activity.attachments[0].contentUrl}`);
      } else {
        await context.sendActivity(`收到：${text}`);
        await context.sendActivity('还有别的问题吗？');
      }
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      this.seen.push(context.activity);
      await context.sendActivity('欢迎关注。');
      await next();
    });
    this.onEvent(async (context, next) => {
      this.seen.push(context.activity);
      if (context.activity.name === 'CLICK') await context.sendActivity(`菜单：${String(context.activity.value)}`);
      await next();
    });
  }
}
