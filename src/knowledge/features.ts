import { lexicon } from './normalize';

/**
 * Features of a normalised text: Chinese character unigrams and bigrams (bigrams do not cross a
 * space), domain terms from the lexicon, Latin/digit words, and two cue features: #ASK (the resident
 * asks about something: 怎么/吗/多久…) and #ACT (wants it done: 我要/帮我/申请…), which separate
 * "地址变了怎么办" (faq) from "我要变更地址" (procedure). Characters rather than pinyin, so homophones
 * stay apart (证 ≠ 正) and no dictionary is needed. Politeness fillers (请问, 你好, 麻烦…) are dropped
 * first unless nothing else is left, so they neither dilute a question nor vanish from a greeting.
 */
const HAN = /\p{Script=Han}/u;
// Particles that carry no meaning for intent; they still join bigrams.
const STOP_UNIGRAMS = new Set('的了吗呢吧啊呀哦嘛我你是在有么和就也都'.split(''));
const SOFT = new Set('呀哈嗯哎喂噢'.split(''));
const byLength = (list: readonly string[]) => [...new Set(list)].sort((a, b) => b.length - a.length);
const terms = byLength(lexicon.terms);
const fillers = byLength(lexicon.fillers);
const questionCues = byLength(lexicon.questionCues);
const actionCues = byLength(lexicon.actionCues);

/** Whether a normalised text asks about something and/or asks for it to be done. */
export function cues(normalized: string): { ask: boolean; act: boolean } {
  let rest = normalized;
  let ask = false;
  for (const cue of questionCues) {
    if (rest.includes(cue)) {
      ask = true;
      rest = rest.split(cue).join(' ');
    }
  }
  return { ask, act: actionCues.some((cue) => rest.includes(cue)) };
}

function withoutFillers(normalized: string): string {
  let text = normalized;
  for (const filler of fillers) if (text.includes(filler)) text = text.split(filler).join(' ');
  // Keep the original when too little would remain ("你好呀", "谢谢你"): that is the whole message.
  let meaningful = 0;
  for (const ch of text) if (HAN.test(ch) ? !STOP_UNIGRAMS.has(ch) && !SOFT.has(ch) : ch !== ' ') meaningful += 1;
  return meaningful >= 2 ? text : normalized;
}

export function features(normalized: string): string[] {
  const out: string[] = [];
  const text = withoutFillers(normalized);
  for (const chunk of text.split(' ')) {
    if (!chunk) continue;
    let han = '';
    const flush = () => {
      for (let i = 0; i < han.length; i += 1) {
        if (!STOP_UNIGRAMS.has(han[i])) out.push(han[i]);
        if (i + 1 < han.length) out.push(han.slice(i, i + 2));
      }
      han = '';
    };
    let latin = '';
    for (const ch of chunk) {
      if (HAN.test(ch)) {
        if (latin) {
          out.push(latin);
          latin = '';
        }
        han += ch;
      } else {
        if (han) flush();
        latin += ch;
      }
    }
    if (han) flush();
    if (latin) out.push(latin);
  }
  for (const term of terms) if (term.length > 2 && text.includes(term)) out.push(`#${term}`);
  const { ask, act } = cues(text);
  if (ask) out.push('#ASK');
  if (act) out.push('#ACT');
  return out;
}
