import type { CityId } from '../domain/application';
import { getPolicy, isKnownCity } from '../domain/policies';
import type { Corpus, IntentEntry } from './corpusLoader';
import { cues } from './features';
import { TIE_MARGIN, type IntentModel } from './intentModel';
import type { AnswerResult, DidYouMeanOption, IntentKind, KnowledgeBase, ScoredIntent, Understanding } from './types';

/** The KnowledgeBase the dialogs use: a trained model plus the corpus answers. */
const MAX_INPUT = 500;
// Below the acceptance threshold but this share of it: not answered, yet worth offering as "did you mean".
const SUGGEST_SHARE = 0.6;
const OTHER_CITY = 'oos.otherCity';
const SMALLTALK = new Set<string>(['greeting', 'thanks']);
// A rejected question on the residence topic is still answered from its closest reading when its
// confidence is at least this share of the threshold (tune banks: 19 such questions, 11 right at top-1).
const ON_TOPIC_SHARE = 0.3;
const ON_TOPIC_ANSWER = new Set<string>(['faq']);
const SHORT_MESSAGE = 5; // characters; "明天会下雨吗" is a question, not a greeting
// Residence registration/permit wording (after normalisation: 暂住证 → 居住证, 签住 → 签注).
const RESIDENCE_TOPIC = /居住|签注|续签|登记凭证/;

export class CorpusKnowledgeBase implements KnowledgeBase {
  constructor(
    private readonly model: IntentModel,
    private readonly corpus: Corpus,
    readonly detectCity: (text: string) => CityId | undefined,
    private readonly detectOtherCity: (text: string) => string | undefined = () => undefined,
    readonly detectCities: (text: string) => CityId[] = (text) => {
      const city = detectCity(text);
      return city ? [city] : [];
    },
  ) {}

  understand(text: string): Understanding {
    const input = typeof text === 'string' ? text.slice(0, MAX_INPUT) : '';
    const city = input ? this.detectCity(input) : undefined;
    const p = this.model.predict(input);
    // A short non-question whose best match is a greeting or thanks is one ("下午好", "ok 谢谢"): the
    // rejection model is fitted on questions and would otherwise answer "not understood".
    const top = p.ranked[0]?.intent;
    if (
      p.intent === 'None' &&
      top &&
      SMALLTALK.has(this.corpus.intents.get(top)?.kind ?? 'none') &&
      p.normalized.replace(/ /g, '').length <= SHORT_MESSAGE &&
      !cues(p.normalized).ask
    )
      p.intent = top;
    // A question about residence permits that the model is unsure of: answering the closest FAQ (with
    // the next ones as buttons) serves the resident better than "not understood", which leaves them with
    // nothing. Only a question (not an instruction: a weak reading must not start a procedure).
    let onTopicGuess = false;
    if (
      p.intent === 'None' &&
      top &&
      ON_TOPIC_ANSWER.has(this.corpus.intents.get(top)?.kind ?? 'none') &&
      RESIDENCE_TOPIC.test(p.normalized) &&
      p.score >= this.model.calibration.threshold * ON_TOPIC_SHARE
    ) {
      p.intent = top;
      onTopicGuess = true;
    }
    if (!city && this.isOtherCityQuestion(input, p.normalized)) {
      return { normalized: p.normalized, intent: OTHER_CITY, kind: 'outOfScope', score: Math.max(p.score, 0.9) };
    }
    const kind: IntentKind = p.intent === 'None' ? 'none' : (this.corpus.intents.get(p.intent)?.kind ?? 'none');
    const result: Understanding = {
      normalized: p.normalized,
      intent: p.intent,
      kind,
      score: p.score,
      ...(city ? { city } : {}),
    };
    const didYouMean = onTopicGuess
      ? this.alternatives(p.ranked)
      : this.didYouMean(p.intent, p.score, p.ranked, p.normalized);
    if (didYouMean)
      result.didYouMean = didYouMean.map((d) => ({ ...d, title: this.title(d.intent), value: this.title(d.intent) }));
    return result;
  }

  /** The guessed answer and the next two FAQ readings, offered as buttons beside it. */
  private alternatives(ranked: ScoredIntent[]): DidYouMeanOption[] {
    return ranked.filter((r) => this.corpus.intents.get(r.intent)?.kind === 'faq').slice(0, 3);
  }

  /** "长沙的居住证怎么签注": a residence question about a city we do not serve (and none we do). */
  private isOtherCityQuestion(input: string, normalized: string): boolean {
    return (
      this.corpus.intents.has(OTHER_CITY) &&
      RESIDENCE_TOPIC.test(normalized) &&
      this.detectOtherCity(input) !== undefined
    );
  }

  private didYouMean(
    intent: string,
    confidence: number,
    ranked: ScoredIntent[],
    normalized: string,
  ): DidYouMeanOption[] | undefined {
    const { didYouMeanMargin, threshold } = this.model.calibration;
    const offerable = ranked.filter((r) => {
      const k = this.corpus.intents.get(r.intent)?.kind;
      return k === 'faq' || k === 'procedure';
    });
    if (offerable.length < 2 || ranked[0].score <= 0) return undefined;
    // A faq and a procedure on top, close, and the wording neither clearly asks nor clearly acts:
    // offer both ("地址变更" may mean "how does it work" or "do it now").
    const pair = ranked.slice(0, 2).map((r) => this.corpus.intents.get(r.intent)?.kind);
    if (
      intent !== 'None' &&
      pair.includes('faq') &&
      pair.includes('procedure') &&
      ranked[0].score - ranked[1].score <= TIE_MARGIN
    ) {
      const { ask, act } = cues(normalized);
      if (ask === act) return ranked.slice(0, 2);
    }
    const close = offerable.filter((r) => ranked[0].score - r.score <= didYouMeanMargin);
    if (intent === 'None') {
      if (confidence < threshold * SUGGEST_SHARE) return undefined;
      return offerable.slice(0, Math.max(2, Math.min(3, close.length)));
    }
    return close.length >= 2 ? close.slice(0, 3) : undefined;
  }

  answer(intent: string, city?: CityId): AnswerResult {
    const entry = this.corpus.intents.get(intent);
    if (!entry || entry.answers.length === 0) return { kind: 'unknownIntent' };
    const forCity = city ? entry.answers.find((a) => a.city === city) : undefined;
    const general = entry.answers.find((a) => a.city === 'any');
    const chosen = forCity ?? general;
    if (chosen)
      return {
        kind: 'answer',
        answer: { intent, text: chosen.text, sources: chosen.sources, ...this.suggestions(entry) },
      };
    if (!city || !isKnownCity(city)) return { kind: 'needsCity', intent };
    // The sources describe this topic for other cities only: say so rather than guess.
    const name = getPolicy(city).name;
    return {
      kind: 'answer',
      answer: {
        intent,
        text: `现有资料没有写${name}的这项规定。可以转人工客服帮您确认。`,
        sources: [],
        suggestions: [{ title: '转人工客服', value: '转人工' }],
      },
    };
  }

  private suggestions(entry: IntentEntry): { suggestions?: { title: string; value: string }[] } {
    return entry.kind === 'outOfScope' ? { suggestions: [{ title: '转人工客服', value: '转人工' }] } : {};
  }

  title(intent: string): string {
    return this.corpus.intents.get(intent)?.title ?? '其他问题';
  }
}
