import type { CityId } from '../domain/application';

/**
 * What the dialogs need from the knowledge layer. The implementation (corpus, NLP.js with a Chinese
 * stemmer, lexical ranker, rejection) lives beside this file; dialogs depend only on these types.
 */

/** How the router treats an intent, declared per intent in the corpus data. */
export type IntentKind =
  | 'faq' // answer from the corpus
  | 'procedure' // start a guided procedure (intent name says which)
  | 'handoff' // the resident wants a person
  | 'greeting'
  | 'thanks'
  | 'outOfScope' // a known neighbour topic we do not cover (积分, 落户, 社保, ...)
  | 'none'; // not understood

/** Procedure intents, fixed names the dialogs route on. */
export type ProcedureIntent =
  | 'procedure.registration'
  | 'procedure.permit'
  | 'procedure.renewal'
  | 'procedure.addressChange'
  | 'procedure.lossReport'
  | 'procedure.lossCancellation'
  | 'procedure.statusLookup';

export interface ScoredIntent {
  intent: string;
  score: number;
}

/** A "did you mean" candidate: the button shows `title` and sends `value` (both the catalogue title). */
export interface DidYouMeanOption extends ScoredIntent {
  title?: string;
  value?: string;
}

export interface Understanding {
  /** The input after normalisation (Simplified, half-width, ...). */
  normalized: string;
  /** Best intent, or "None" when the question is rejected as not understood. */
  intent: string;
  kind: IntentKind;
  /** Calibrated confidence in [0, 1]. */
  score: number;
  /** When the top candidates are close: the ones to offer as "did you mean" (2 or more). */
  didYouMean?: DidYouMeanOption[];
  /** A city named in the text (上海/沪/成都/蓉/district names), if any. */
  city?: CityId;
}

export interface Answer {
  intent: string;
  /** Resident-facing Simplified Chinese, short direct reply first, then detail. */
  text: string;
  /** Source document file names the answer rests on. */
  sources: string[];
  /** Suggested follow-ups (button title and the text it sends). */
  suggestions?: { title: string; value: string }[];
}

export type AnswerResult =
  | { kind: 'answer'; answer: Answer }
  /** The answer differs by city and no city is known: ask which city, then call answer() again. */
  | { kind: 'needsCity'; intent: string }
  | { kind: 'unknownIntent' };

export interface KnowledgeBase {
  understand(text: string): Understanding;
  answer(intent: string, city?: CityId): AnswerResult;
  /** A short question-style title for an intent (for "did you mean" buttons), e.g. "快递寄送费用". */
  title(intent: string): string;
  /** City named in free text, if any ("我在成都" → "chengdu"). */
  detectCity(text: string): CityId | undefined;
  /** Every city named in free text, in order ("上海和成都的…" → both). */
  detectCities(text: string): CityId[];
}
