import { z } from 'zod';
import catalogue from './zh-CN.json';

/**
 * The message catalogue: every text keyed by a code, with {name} parameters, validated at load. Code
 * returns codes and parameters; this renders them, so the wording can be reviewed (and translated) in
 * one data file. Migration is under way: see test/messages/catalogue.test.ts for what is still elsewhere.
 */
const catalogueSchema = z.object({
  $comment: z.string().optional(),
  messages: z.record(z.string(), z.string().min(1)),
});
const messages = catalogueSchema.parse(catalogue).messages;

export type MessageParams = Record<string, string | number>;

export class MessageError extends Error {}

/** The text for `code` with its parameters filled in; an unknown code or a missing parameter is a bug. */
export function render(code: string, params: MessageParams = {}): string {
  const template = messages[code];
  if (template === undefined) throw new MessageError(`No message "${code}" in the catalogue`);
  return template.replace(/\{(\w+)\}/g, (_m, name: string) => {
    const value = params[name];
    if (value === undefined) throw new MessageError(`Message "${code}" needs the parameter "${name}"`);
    return String(value);
  });
}

export function hasMessage(code: string): boolean {
  return code in messages;
}

/** One short line under a policy answer naming the documents it rests on (依据：…). */
export function basisLine(sources: string[]): string | undefined {
  const titles = [...new Set(sources)].filter((s) => hasMessage(`source.${s}`)).map((s) => render(`source.${s}`));
  return titles.length > 0 ? render('basis.line', { titles: titles.join(render('basis.separator')) }) : undefined;
}
