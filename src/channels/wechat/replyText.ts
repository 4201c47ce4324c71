import type { Activity, Attachment, CardAction } from 'botbuilder';
import type { DocumentStore } from '../../domain/ports';
import { render } from '../../messages';

/**
 * WeChat text replies cannot carry buttons, so what Bot Framework expresses as suggested actions or
 * card buttons becomes a numbered menu ("回复 1：…"); the menu is remembered per OpenID so that the
 * user's "1", "１" or the option's title is turned back into the action's value.
 */

export const MENU_COLLECTION = 'wechat_menus';
/** About 2048 UTF-8 bytes fit in one text message (reference §3); keep a margin. */
export const MAX_TEXT_BYTES = 2000;

export interface MenuOption {
  title: string;
  value: unknown;
}

export interface RenderedActivity {
  text: string;
  menu?: MenuOption[];
}

const CHOICE_TYPES = new Set(['imBack', 'postBack', 'messageBack']);

function link(url: string, title: string): string {
  return `<a href="${url.replace(/"/g, '%22')}">${title}</a>`;
}

function renderActions(actions: CardAction[] | undefined, lines: string[], menu: MenuOption[]): void {
  for (const action of actions ?? []) {
    const title = (action.title ?? (typeof action.value === 'string' ? action.value : '')).trim();
    if (action.type === 'openUrl' && typeof action.value === 'string')
      lines.push(link(action.value, title || action.value));
    else if (CHOICE_TYPES.has(action.type) && title) menu.push({ title, value: action.value ?? title });
  }
}

function renderAttachment(attachment: Attachment, lines: string[], menu: MenuOption[]): void {
  const content = attachment.content as
    { title?: string; subtitle?: string; text?: string; buttons?: CardAction[] } | undefined;
  if (attachment.contentType.startsWith('application/vnd.microsoft.card.') && content && typeof content === 'object') {
    for (const part of [content.title, content.subtitle, content.text])
      if (typeof part === 'string' && part.trim()) lines.push(part.trim());
    renderActions(content.buttons, lines, menu);
  } else if (attachment.contentUrl) {
    lines.push(link(attachment.contentUrl, attachment.name ?? render('wechat.attachmentLink')));
  }
}

/** The text one outgoing message activity contributes, and its menu if it offers choices. */
export function renderActivity(activity: Partial<Activity>): RenderedActivity {
  const lines: string[] = [];
  const menu: MenuOption[] = [];
  if (activity.text?.trim()) lines.push(activity.text.trim());
  for (const attachment of activity.attachments ?? []) renderAttachment(attachment, lines, menu);
  renderActions(activity.suggestedActions?.actions, lines, menu);
  const text = lines.join('\n');
  return { text: menu.length > 0 ? withoutListedOptions(text, menu) : text, menu: menu.length > 0 ? menu : undefined };
}

/**
 * The dialogs list a prompt's options as "1. 租赁住房" under the question, for channels whose buttons can
 * be missed; WeChat's own menu ("回复 1：租赁住房") says the same, so the list is dropped and the options
 * appear once (audit: the WeChat lists appeared twice).
 */
function withoutListedOptions(text: string, menu: MenuOption[]): string {
  const lines = text.split('\n');
  const listed = menu.map((o, i) => `${i + 1}. ${o.title}`);
  const start = lines.findIndex((_, i) => listed.every((item, j) => lines[i + j]?.trim() === item));
  if (start < 0) return text;
  lines.splice(start, listed.length);
  return lines.join('\n').trim();
}

export function renderMenu(menu: MenuOption[]): string {
  return menu.map((option, i) => render('wechat.menuOption', { number: i + 1, title: option.title })).join('\n');
}

/** Joins a turn's texts (and the last menu) into as few messages as fit. */
export function composeMessages(texts: string[], menu: MenuOption[] | undefined, maxBytes = MAX_TEXT_BYTES): string[] {
  const parts = texts.filter((t) => t.trim() !== '');
  if (menu) parts.push(renderMenu(menu));
  if (parts.length === 0) return [];
  return splitUtf8(parts.join('\n\n'), maxBytes);
}

/** Splits on character boundaries, preferring a line break in the second half of a chunk. */
export function splitUtf8(text: string, maxBytes = MAX_TEXT_BYTES): string[] {
  const chunks: string[] = [];
  let current: string[] = [];
  let bytes = 0;
  let lastBreak = -1;
  for (const char of text) {
    const size = Buffer.byteLength(char, 'utf8');
    if (bytes + size > maxBytes && current.length > 0) {
      const cut = lastBreak > current.length / 2 ? lastBreak + 1 : current.length;
      const chunk = current.slice(0, cut).join('').trim();
      if (chunk) chunks.push(chunk);
      current = current.slice(cut);
      bytes = Buffer.byteLength(current.join(''), 'utf8');
      lastBreak = current.lastIndexOf('\n');
    }
    if (char === '\n') lastBreak = current.length;
    current.push(char);
    bytes += size;
  }
  const tail = current.join('').trim();
  if (tail) chunks.push(tail);
  return chunks;
}

interface StoredMenu {
  options: MenuOption[];
}

export async function rememberMenu(
  documents: DocumentStore,
  openId: string,
  menu: MenuOption[] | undefined,
): Promise<void> {
  if (menu) await documents.put<StoredMenu>(MENU_COLLECTION, openId, { options: menu });
  else await documents.delete(MENU_COLLECTION, openId);
}

/** The option the user's reply chooses: its number (half- or full-width digits) or its exact title. */
export async function chooseFromMenu(
  documents: DocumentStore,
  openId: string,
  reply: string,
): Promise<MenuOption | undefined> {
  const doc = await documents.get<StoredMenu>(MENU_COLLECTION, openId);
  if (!doc) return undefined;
  // NFKC folds full-width digits and letters (１, Ａ) to their ASCII forms.
  const normalised = reply.normalize('NFKC').trim();
  if (/^\d{1,3}$/.test(normalised)) return doc.value.options[Number(normalised) - 1];
  return doc.value.options.find((o) => o.title.normalize('NFKC').trim() === normalised);
}
