import { chineseNumber } from './residentDates';
import { answerKey } from './turn/utterance';

/** One option offered to a resident: `id` is what the dialog stores, `title` what the button shows. */
export interface ChoiceOption {
  id: string;
  title: string;
  /** Other words residents use for it (e.g. 租房 for 租赁住房). */
  synonyms?: string[];
}

function numberOf(answer: string): number | undefined {
  const m = /^(?:第|选)?([0-9]{1,2}|[一二两三四五六七八九十])(?:个|项|种|号)?$/.exec(answer);
  if (!m) return undefined;
  const raw = m[1];
  return chineseNumber(raw);
}

/**
 * Finds the option a resident meant: by its number in the list ("1", "１", "第一个"), by its title, by a
 * synonym, or by free text that contains exactly one option's title or synonym (or is contained in it).
 * Undefined when nothing or more than one option fits, so the prompt can ask again.
 */
export function matchChoice(text: string, options: ChoiceOption[]): string | undefined {
  const answer = answerKey(text);
  if (answer === '') return undefined;
  const n = numberOf(answer);
  if (n !== undefined) return options[n - 1]?.id;
  const words = (o: ChoiceOption): string[] => [o.title, ...(o.synonyms ?? [])].map(answerKey).filter(Boolean);
  const exact = options.filter((o) => words(o).includes(answer));
  if (exact.length === 1) return exact[0].id;
  const best = (fits: (w: string) => boolean): string | undefined => {
    // The longest fitting word wins, so "没有照片" is "没有" (no), not "有" (yes).
    const scored = options.map((o) => ({
      id: o.id,
      len: Math.max(
        0,
        ...words(o)
          .filter(fits)
          .map((w) => w.length),
      ),
    }));
    const top = Math.max(...scored.map((s) => s.len));
    const winners = scored.filter((s) => s.len === top && top > 0);
    return winners.length === 1 ? winners[0].id : undefined;
  };
  const contained = best((w) => answer.includes(w));
  if (contained) return contained;
  if (answer.length >= 2) return best((w) => w.includes(answer));
  return undefined;
}

/** "1. 租赁住房  2. 自有住房": the numbered list shown with the buttons, so typing the number works. */
export function numberedList(options: ChoiceOption[]): string {
  return options.map((o, i) => `${i + 1}. ${o.title}`).join('\n');
}
