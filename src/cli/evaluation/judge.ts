import { toSimplified } from '../../knowledge/normalize';
import type { BankCase } from './bank';

/**
 * Scores one reply the way the bank's authors defined it, from what the resident saw: the reply text
 * (buttons excluded: a fact must be said, not only offered), whether a person was called in, and
 * which procedure was started (or is asking for its city).
 */
export interface Observation {
  /** All message texts of the turn, joined with newlines. */
  text: string;
  buttons: string[];
  handoff: boolean;
  /** The procedure intent the turn started, e.g. "procedure.lossReport". */
  procedure?: string;
}

export interface Verdict {
  ok: boolean;
  /** Why it failed, for the report ("missing /派出所/", "not declined", …). */
  reason?: string;
}

/**
 * What a decline says: an out-of-scope answer ("…不在我能回答的范围内", "其他城市的居住证我回答不了") or the
 * not-understood reply ("抱歉，我没听懂。我只负责…"). Matched on wording rather than on our own catalogue, so
 * the same judge scores a server whose texts are worded a little differently.
 */
export const DECLINE = /不在我[^。，]{0,8}范围|回答不了|没听懂|无法回答|不能回答|我只负责|只能回答|不属于我/;

export function judge(c: BankCase, o: Observation): Verdict {
  const text = toSimplified(o.text);
  const declined = DECLINE.test(text);
  switch (c.kind) {
    case 'policy': {
      const missing = (c.facts ?? []).filter((f) => !new RegExp(f, 'i').test(text));
      if (missing.length) return { ok: false, reason: `missing ${missing.map((m) => `/${m}/`).join(' ')}` };
      const forbidden = (c.forbid ?? []).filter((f) => new RegExp(f, 'i').test(text));
      if (forbidden.length) return { ok: false, reason: `forbidden ${forbidden.map((m) => `/${m}/`).join(' ')}` };
      return { ok: true };
    }
    case 'oos':
      if (o.handoff) return { ok: false, reason: 'handed to a person instead of declining' };
      if (o.procedure) return { ok: false, reason: `started ${o.procedure}` };
      return declined ? { ok: true } : { ok: false, reason: 'not declined' };
    case 'handoff':
      return o.handoff ? { ok: true } : { ok: false, reason: 'no handoff started' };
    case 'task': {
      const wanted = `procedure.${c.procedure}`;
      if (o.procedure === wanted) return { ok: true };
      return { ok: false, reason: o.procedure ? `started ${o.procedure}` : 'no procedure started' };
    }
    case 'smalltalk':
      if (!text.trim()) return { ok: false, reason: 'no reply' };
      if (declined) return { ok: false, reason: 'declined' };
      if (o.handoff || o.procedure) return { ok: false, reason: 'acted instead of chatting' };
      return { ok: true };
  }
}

/** Over Direct Line only the text is seen: a handoff is recognised by the queue or staff messages. */
export const HANDOFF_TEXT =
  /已为您(登记)?转人工|正在为您转接|排在第\s*\d+\s*位|不是人工服务时间|工作人员\S{0,8}已接入|已为您转给工作人员/;
