import { ActivityTypes, type Activity } from 'botbuilder';
import type { InboundMessage } from './xml';

/** WeChat message or event → Bot Framework activity (reference §7). */

export const WECHAT_CHANNEL_ID = 'wechat';

/** Events whose name the bot sees; the value carries WeChat's EventKey. */
export const WeChatEvents = {
  unsubscribe: 'unsubscribe',
  click: 'CLICK',
} as const;

/** MsgId for messages; events have none, so WeChat's own retry identity is user + time + event. */
export function dedupeKey(message: InboundMessage): string {
  if (message.MsgId) return `msg:${message.MsgId}`;
  return `evt:${message.FromUserName}:${message.CreateTime}:${message.Event ?? message.MsgType}`;
}

function number(value: string | undefined): number | undefined {
  const n = value === undefined ? NaN : Number(value);
  return Number.isFinite(n) ? n : undefined;
}

export function toActivity(message: InboundMessage, serviceUrl: string): Partial<Activity> {
  const openId = message.FromUserName;
  const timestamp = new Date(Number(message.CreateTime) * 1000); // CreateTime is seconds, not milliseconds
  const base: Partial<Activity> = {
    channelId: WECHAT_CHANNEL_ID,
    id: message.MsgId ?? dedupeKey(message),
    timestamp,
    localTimestamp: timestamp,
    serviceUrl,
    locale: 'zh-CN',
    from: { id: openId, name: '', role: 'user' },
    recipient: { id: message.ToUserName, name: '', role: 'bot' },
    conversation: { id: openId, name: '', isGroup: false, conversationType: 'personal' },
    channelData: { ...message },
  };
  switch (message.MsgType) {
    case 'text':
      return { ...base, type: ActivityTypes.Message, text: message.Content ?? '' };
    case 'voice':
      // Recognition is being retired by WeChat and is often empty; the bot then sees an empty text.
      return { ...base, type: ActivityTypes.Message, text: message.Recognition?.trim() ?? '' };
    case 'image':
      return {
        ...base,
        type: ActivityTypes.Message,
        text: '',
        // The file itself is fetched by MediaId through the media API (media.ts); PicUrl is only WeChat's preview.
        attachments:
          message.PicUrl || message.MediaId
            ? [{ contentType: 'image/jpeg', contentUrl: message.PicUrl, name: message.MediaId }]
            : [],
      };
    case 'location':
      return {
        ...base,
        type: ActivityTypes.Message,
        text: message.Label ?? '',
        entities: [
          {
            type: 'GeoCoordinates',
            latitude: number(message.Location_X),
            longitude: number(message.Location_Y),
            name: message.Label,
          },
        ],
      };
    case 'event':
      return eventActivity(message, base);
    default:
      return { ...base, type: ActivityTypes.Message, text: '' };
  }
}

function eventActivity(message: InboundMessage, base: Partial<Activity>): Partial<Activity> {
  const event = message.Event ?? '';
  if (event === 'subscribe') {
    return {
      ...base,
      type: ActivityTypes.ConversationUpdate,
      membersAdded: [{ id: message.FromUserName, name: '' }],
      // A subscription through a parametrised QR code carries "qrscene_…" here.
      value: message.EventKey || undefined,
    };
  }
  return { ...base, type: ActivityTypes.Event, name: event, value: message.EventKey ?? '' };
}
