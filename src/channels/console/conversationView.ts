import type { Activity } from 'botbuilder';
import { maskIdNumber } from '../../domain/idNumber';
import { maskPhone } from '../../domain/phone';
import { maskPersonalData } from '../../logger';
import type { TranscriptEntry } from '../transcriptStore';
import { render } from '../../messages';

/** A transcript line as the console shows it. */
export interface ConsoleLine {
  seq: string;
  at: string;
  speaker: TranscriptEntry['speaker'];
  name?: string;
  text: string;
  /** Buttons the resident was offered, attachments they sent. */
  extras: string[];
}

/** Draft answers that identify a person, by the field names the procedures use. */
const SENSITIVE_FIELDS: Record<string, (v: string) => string> = {
  name: maskName,
  relativeName: maskName,
  idNumber: maskIdNumber,
  phone: maskPhone,
  address: (v) => (v.length <= 6 ? '*'.repeat(v.length) : `${v.slice(0, 6)}${'*'.repeat(Math.min(8, v.length - 6))}`),
};

function maskName(v: string): string {
  return v.length <= 1 ? '*' : `${v[0]}${'*'.repeat(v.length - 1)}`;
}

/**
 * What must be hidden in this conversation: the values the resident gave in the procedure, wherever
 * they show up (the bot's summary repeats them), plus ID and mobile numbers found anywhere.
 */
export class Masker {
  private readonly replacements: [string, string][];

  constructor(answers: Record<string, unknown> | undefined) {
    this.replacements = Object.entries(answers ?? {})
      .filter(([k, v]) => SENSITIVE_FIELDS[k] && typeof v === 'string' && v.trim().length >= 2)
      .map(([k, v]) => [String(v), SENSITIVE_FIELDS[k](String(v))] as [string, string])
      .sort((a, b) => b[0].length - a[0].length);
  }

  text(s: string): string {
    let out = s;
    for (const [value, masked] of this.replacements) out = out.split(value).join(masked);
    return maskPersonalData(out);
  }

  answers(answers: Record<string, unknown>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(answers)) {
      const fn = SENSITIVE_FIELDS[k];
      out[k] = typeof v === 'string' ? (fn ? fn(v) : this.text(v)) : v;
    }
    return out;
  }
}

export function consoleLine(entry: TranscriptEntry, mask: Masker | undefined): ConsoleLine {
  const a: Partial<Activity> = entry.activity;
  const show = (s: string) => (mask ? mask.text(s) : s);
  const extras: string[] = [];
  for (const action of a.suggestedActions?.actions ?? [])
    extras.push(render('console.transcript.button', { title: show(String(action.title ?? action.value ?? '')) }));
  for (const att of a.attachments ?? [])
    extras.push(
      att.name
        ? render('console.transcript.namedAttachment', { type: att.contentType, name: show(att.name) })
        : render('console.transcript.attachment', { type: att.contentType }),
    );
  const text = a.type === 'message' ? (a.text ?? '') : `[${a.type}${a.name ? ` ${a.name}` : ''}]`;
  return {
    seq: entry.seq,
    at: entry.at,
    speaker: entry.speaker,
    ...(a.from?.name ? { name: a.from.name } : {}),
    text: show(text),
    extras,
  };
}
