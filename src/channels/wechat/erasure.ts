import type { DocumentStore } from '../../domain/ports';
import { WECHAT_CHANNEL_ID } from './inboundActivity';

/**
 * WeChat's rules require deleting a user's data when they unsubscribe. This removes the documents the
 * bot keeps about one OpenID: Bot Framework conversation and user state (keyed
 * "wechat/conversations/<id>…" and "wechat/users/<id>…") and documents keyed by the OpenID itself
 * (e.g. conversation references). The integrator passes it as `eraseUser`, naming its collections.
 */
export interface ErasureCollections {
  /** Collections holding Bot Framework state, keyed by botbuilder's storage keys. */
  botState: string[];
  /** Collections whose key is the OpenID (the WeChat conversation id). */
  keyedByOpenId: string[];
}

export async function eraseWeChatUser(
  documents: DocumentStore,
  openId: string,
  collections: ErasureCollections,
): Promise<number> {
  let removed = 0;
  for (const collection of collections.botState) {
    for (const prefix of [`${WECHAT_CHANNEL_ID}/conversations/${openId}`, `${WECHAT_CHANNEL_ID}/users/${openId}`]) {
      const docs = await documents.list(collection, { prefix });
      // "oUser1" must not take "oUser10" with it: the id ends the key or a path segment.
      for (const doc of docs.filter((d) => d.key === prefix || d.key.startsWith(`${prefix}/`))) {
        if (await documents.delete(collection, doc.key)) removed += 1;
      }
    }
  }
  for (const collection of collections.keyedByOpenId) {
    if (await documents.delete(collection, openId)) removed += 1;
  }
  return removed;
}
