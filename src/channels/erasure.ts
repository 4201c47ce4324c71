import { BOT_STATE_COLLECTION } from '../dialogs/stateStorage';
import { TICKET_DRAFTS } from '../dialogs/handoff/ticketFlow';
import { HANDOFF_REQUESTS, REMINDER_REQUESTS } from '../dialogs/records';
import { documentHolder, namesSubject, type PersonalDataHolder } from '../domain/erasure';
import { fileOwner, type FileStore } from '../domain/files';
import { AUDIT_LOG, HANDOFF_SESSIONS, HANDOFF_TICKETS } from '../domain/handoff/handoffDesk';
import type { Store } from '../domain/ports';
import { conversationKey, REMINDER_JOBS, REMINDER_OPT_OUTS, residentOptKey } from '../domain/reminders/reminderJobs';
import { residentKey } from '../domain/reminders/reminderRules';
import { UNDELIVERED_NOTIFICATIONS } from './backoffice/statusNotifier';
import { STAFF_ACCOUNTS, STAFF_PRESENCE, STAFF_SESSIONS } from './console/staffDirectory';
import { CONVERSATION_REFS } from './conversationRefs';
import { ACTIVITIES, CONVERSATIONS } from './directline/conversationLog';
import { DIRECTLINE_CHANNEL_ID } from './directline/adapter';
import { stream as conversationStream } from './directline/sharedConversationLog';
import { TOKENS } from './directline/tokens';
import { TRANSCRIPTS } from './transcriptStore';
import { TOKEN_COLLECTION } from './wechat/customerService';
import { WECHAT_CHANNEL_ID } from './wechat/inboundActivity';
import { PENDING_COLLECTION, WINDOW_COLLECTION } from './wechat/outbox';
import { MENU_COLLECTION } from './wechat/replyText';
import { INBOUND_COLLECTION } from './wechat/wechatAdapter';

/**
 * Every document collection the server writes, each either a holder of residents' personal data (with
 * how a resident's records are found in it) or declared as holding none, with the reason. A collection
 * missing from this list fails test/channels/erasure.test.ts, so a new one cannot escape erasure.
 */
export const COLLECTIONS_WITHOUT_RESIDENT_DATA: Record<string, string> = {
  [STAFF_ACCOUNTS]: 'staff accounts',
  [STAFF_SESSIONS]: 'staff logins',
  [STAFF_PRESENCE]: 'which staff member is at the console',
  [AUDIT_LOG]:
    "staff accountability: actor, action, an opaque conversation id or reference number, no resident's details",
  [TOKEN_COLLECTION]: "the WeChat account's own API access token",
  'job-claims': 'which instance runs the hourly purge',
};

/** The channels a conversation's uploads may be owned under (fileOwner). */
const FILE_CHANNELS = [DIRECTLINE_CHANNEL_ID, WECHAT_CHANNEL_ID, 'botframework', 'emulator', 'msteams'];

export function personalDataHolders(store: Store, files?: FileStore): PersonalDataHolder[] {
  const d = store.documents;
  const conversationPrefixes = (suffix: string) => (s: { conversationIds: string[] }) =>
    s.conversationIds.map((c) => `${c}${suffix}`);
  const holders: PersonalDataHolder[] = [
    // Bot Framework state keys are "<channel>/conversations/<id>/…" on every channel.
    documentHolder(d, BOT_STATE_COLLECTION, {
      kind: 'match',
      matches: (key, _v, s) => s.conversationIds.some((c) => key.includes(`/conversations/${c}/`)),
    }),
    documentHolder(d, CONVERSATIONS, { kind: 'conversationKey' }),
    documentHolder(d, ACTIVITIES, { kind: 'prefix', prefixes: conversationPrefixes(':') }),
    documentHolder(d, TOKENS, { kind: 'match', matches: (_k, v, s) => namesSubject(v, s) }),
    documentHolder(d, TRANSCRIPTS, { kind: 'prefix', prefixes: conversationPrefixes('|') }),
    documentHolder(d, CONVERSATION_REFS, { kind: 'conversationKey' }),
    documentHolder(d, UNDELIVERED_NOTIFICATIONS, {
      kind: 'prefix',
      prefixes: (s) => s.referenceNumbers.map((r) => `${r}:`),
    }),
    documentHolder(d, TICKET_DRAFTS, { kind: 'conversationKey' }),
    documentHolder(d, HANDOFF_REQUESTS, { kind: 'match', matches: (_k, v, s) => namesSubject(v, s) }),
    documentHolder(d, REMINDER_REQUESTS, { kind: 'prefix', prefixes: conversationPrefixes(':') }),
    documentHolder(d, REMINDER_JOBS, { kind: 'match', matches: (_k, v, s) => namesSubject(v, s) }),
    documentHolder(d, REMINDER_OPT_OUTS, {
      kind: 'keys',
      keys: (s) => [
        ...s.conversationIds.map(conversationKey),
        ...s.idNumbers.map((id) => residentOptKey(residentKey(id))),
        ...s.conversationIds.map((c) => residentOptKey(residentKey(conversationKey(c)))),
      ],
    }),
    documentHolder(d, HANDOFF_SESSIONS, { kind: 'conversationKey' }),
    documentHolder(d, HANDOFF_TICKETS, { kind: 'match', matches: (_k, v, s) => namesSubject(v, s) }),
    // WeChat: the conversation id is the OpenID.
    documentHolder(d, WINDOW_COLLECTION, { kind: 'conversationKey' }),
    documentHolder(d, PENDING_COLLECTION, { kind: 'conversationKey' }),
    documentHolder(d, MENU_COLLECTION, { kind: 'conversationKey' }),
    documentHolder(d, INBOUND_COLLECTION, {
      kind: 'match',
      matches: (key, _v, s) => s.conversationIds.some((c) => key.includes(c)),
    }),
  ];
  const shared = store.shared;
  if (shared) {
    holders.push({
      name: 'directline-log',
      async forget(s) {
        let n = 0;
        for (const c of s.conversationIds) n += await shared.log.drop(conversationStream(c));
        return n;
      },
    });
  }
  if (files) {
    holders.push({
      name: 'files',
      async forget(s) {
        let n = 0;
        for (const ref of s.referenceNumbers) n += await files.eraseApplication(ref);
        for (const c of s.conversationIds)
          for (const ch of FILE_CHANNELS) n += await files.eraseOwner(fileOwner(ch, c));
        return n;
      },
    });
  }
  return holders;
}
