import { ConcurrencyError, type DocumentStore } from '../../domain/ports';
import { BOT_STATE_COLLECTION } from '../stateStorage';
import type { ConversationData } from '../types';

/**
 * The assistant's saved conversation state, read (and in one case nudged) from outside a bot turn:
 * the handoff needs the city and the unfinished procedure, the console shows the answers collected.
 * The key is ConversationState's own: `${channelId}/conversations/${conversationId}/`.
 */
export interface SavedConversation {
  conversationData?: ConversationData;
  dialogState?: { dialogStack?: unknown[] };
}

export function botStateKey(channelId: string, conversationId: string): string {
  return `${channelId}/conversations/${conversationId}/`;
}

export async function readSavedConversation(
  documents: DocumentStore,
  channelId: string,
  conversationId: string,
): Promise<SavedConversation | undefined> {
  return (await documents.get<SavedConversation>(BOT_STATE_COLLECTION, botStateKey(channelId, conversationId)))?.value;
}

/**
 * After a person hands back, the next message should offer to continue the unfinished procedure
 * instead of being read as the answer to a question asked long ago. Only while nobody else writes
 * (the bot is silent while staff own the conversation); a conflict just skips the nudge.
 */
export async function askToResumeOnNextMessage(
  documents: DocumentStore,
  channelId: string,
  conversationId: string,
): Promise<boolean> {
  const key = botStateKey(channelId, conversationId);
  const doc = await documents.get<SavedConversation>(BOT_STATE_COLLECTION, key);
  const data = doc?.value.conversationData;
  if (!doc || !data?.draft || !(doc.value.dialogState?.dialogStack?.length ?? 0)) return false;
  try {
    await documents.put(
      BOT_STATE_COLLECTION,
      key,
      { ...doc.value, conversationData: { ...data, pendingResume: true } },
      doc.etag,
    );
    return true;
  } catch (err) {
    if (err instanceof ConcurrencyError) return false;
    throw err;
  }
}
