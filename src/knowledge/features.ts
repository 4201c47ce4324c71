import { lexicon } from './normalize';

/**
 * Features of a normalised text: Chinese character unigrams and bigrams (bigrams do not cross a
 * space), domain terms from the lexicon, and Latin/digit words. Characters rather than pinyin, so
 * homophones stay apart (证 ≠ 正) and no dictionary is needed.
 */
const HAN = /\p{Script=Han}/u;
// Particles that carry no meaning for intent; they still join bigrams.
const STOP_UNIGRAMS = new Set('的了吗呢吧啊呀哦嘛我你是在有么和就也都'.split(''));
const terms = [...new Set(lexicon.terms)].sort((a, b) => b.length - a.length);

export function features(normalized: string): string[] {
  const out: string[] = [];
  for (const chunk of normalized.split(' ')) {
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
        if (latin) out.push(latin), (latin = '');
        han += ch;
      } else {
        if (han) flush();
        latin += ch;
      }
    }
    if (han) flush();
    if (latin) out.push(latin);
  }
  for (const term of terms) if (term.length > 2 && normalized.includes(term)) out.push(`#${term}`);
  return out;
}
