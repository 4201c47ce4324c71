import type { TurnContext } from 'botbuilder';
import { uploadTexts } from '../../dialogs/texts/uploads';
import type { AttachmentSource } from '../uploads/ingest';
import type { CustomerServiceApi } from './customerService';
import { WECHAT_CHANNEL_ID } from './inboundActivity';
import type { InboundMessage } from './xml';

/**
 * A WeChat image message's file: downloaded by its MediaId through the official media API with the
 * account's cached access token (never from PicUrl, which anyone could name), then checked and stored
 * like any upload (uploads/ingest.ts).
 */
export function wechatMediaSource(api: Pick<CustomerServiceApi, 'downloadMedia'>): AttachmentSource {
  return {
    async fetch(context: TurnContext, _attachment, maxBytes: number) {
      if (context.activity.channelId !== WECHAT_CHANNEL_ID) return undefined;
      const message = context.activity.channelData as Partial<InboundMessage> | undefined;
      if (message?.MsgType !== 'image' || !message.MediaId) return undefined;
      const fetched = await api.downloadMedia(message.MediaId, maxBytes);
      return fetched.ok
        ? { ...fetched, name: `wechat-${message.MsgId ?? message.MediaId}` }
        : { ...fetched, reason: uploadTexts.downloadFailed };
    },
  };
}
