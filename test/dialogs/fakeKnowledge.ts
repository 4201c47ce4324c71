import type { AnswerResult, IntentKind, KnowledgeBase, Understanding } from '../../src/knowledge/types';

/**
 * A deterministic stand-in for the trained model: keyword rules, so dialog tests do not depend on
 * model quality. Answers are marked with the intent and city so tests can see which one was given.
 */
const RULES: { intent: string; kind: IntentKind; words: string[] }[] = [
  { intent: 'handoff.human', kind: 'handoff', words: ['找人工', '真人'] },
  { intent: 'smalltalk.greeting', kind: 'greeting', words: ['你好', '您好'] },
  { intent: 'smalltalk.thanks', kind: 'thanks', words: ['谢谢'] },
  { intent: 'procedure.registration', kind: 'procedure', words: ['我要办居住登记', '我要登记'] },
  { intent: 'procedure.permit', kind: 'procedure', words: ['我要办居住证', '申请居住证'] },
  { intent: 'procedure.renewal', kind: 'procedure', words: ['我要续签', '我要签注'] },
  { intent: 'procedure.addressChange', kind: 'procedure', words: ['我要改地址', '变更地址'] },
  { intent: 'procedure.lossReport', kind: 'procedure', words: ['我要挂失', '居住证丢了'] },
  // The real model's confusion: withdrawing an application read as 解挂 (audit M11).
  { intent: 'procedure.lossCancellation', kind: 'procedure', words: ['我要解挂', '取消申请', '撤回申请', '撤销'] },
  { intent: 'procedure.statusLookup', kind: 'procedure', words: ['查进度', '我要查询'] },
  { intent: 'faq.postalDelivery', kind: 'faq', words: ['快递', '邮寄多少钱'] },
  { intent: 'faq.photoSpec', kind: 'faq', words: ['照片有什么要求', '照片要求'] },
  { intent: 'faq.sixMonthRule', kind: 'faq', words: ['满多久', '几个月'] },
  { intent: 'oos.points', kind: 'outOfScope', words: ['积分'] },
  { intent: 'faq.addressMustMatch', kind: 'faq', words: ['门牌号'] },
  // The real model's confusion: "居住证咋申请" without a city read as a city we do not serve.
  { intent: 'faq.onlineSteps', kind: 'faq', words: ['上海居住证咋申请', '成都居住证咋申请'] },
  { intent: 'oos.otherCity', kind: 'outOfScope', words: ['居住证咋申请'] },
];

export const FAKE_ANSWERS: Record<string, (city?: string) => string> = {
  'faq.postalDelivery': (city) =>
    city === 'chengdu' ? '【答:快递·成都】可以邮寄，需付费。' : '【答:快递·上海】邮政直投，15元货到付款。',
  'faq.photoSpec': () => '【答:照片要求】近期免冠彩色照片。',
  'faq.sixMonthRule': () => '【答:满6个月】居住登记满6个月才能申领。',
  'oos.points': () => '【答:积分】积分不在我的范围内。',
  'faq.addressMustMatch': () => '【答:地址写法】按实际居住地址如实填写。',
  'faq.onlineSteps': (city) => (city === 'chengdu' ? '【答:网上步骤·成都】' : '【答:网上步骤·上海】'),
  'oos.otherCity': () => '【答:其他城市】其他城市的居住证我回答不了。',
};
const CITY_DEPENDENT = new Set(['faq.postalDelivery', 'faq.onlineSteps']);

export function createFakeKnowledge(): KnowledgeBase {
  return {
    understand(text: string): Understanding {
      const normalized = text.trim();
      if (normalized.includes('我想申请')) {
        return {
          normalized,
          intent: 'procedure.permit',
          kind: 'procedure',
          score: 0.5,
          didYouMean: [
            { intent: 'procedure.permit', score: 0.5 },
            { intent: 'faq.onlineSteps', score: 0.45 },
          ],
        };
      }
      if (normalized.includes('材料')) {
        return {
          normalized,
          intent: 'faq.materialsRented',
          kind: 'faq',
          score: 0.5,
          didYouMean: [
            { intent: 'faq.materialsRented', score: 0.5 },
            { intent: 'faq.photoSpec', score: 0.45 },
          ],
        };
      }
      const rule = RULES.find((r) => r.words.some((w) => normalized.includes(w)));
      const city = this.detectCity(text);
      if (!rule) return { normalized, intent: 'None', kind: 'none', score: 0, ...(city ? { city } : {}) };
      return { normalized, intent: rule.intent, kind: rule.kind, score: 0.9, ...(city ? { city } : {}) };
    },
    answer(intent: string, city?: string): AnswerResult {
      if (intent === 'faq.materialsRented')
        return { kind: 'answer', answer: { intent, text: '【答:租房材料】租赁备案证明。', sources: [] } };
      const make = FAKE_ANSWERS[intent];
      if (!make) return { kind: 'unknownIntent' };
      if (CITY_DEPENDENT.has(intent) && !city) return { kind: 'needsCity', intent };
      return { kind: 'answer', answer: { intent, text: make(city), sources: [] } };
    },
    title(intent: string): string {
      const titles: Record<string, string> = {
        'faq.materialsRented': '租房需要什么材料',
        'faq.photoSpec': '照片有什么要求',
        'procedure.registration': '办理居住登记',
        'procedure.permit': '申领居住证',
        'procedure.renewal': '居住证签注/续签',
        'procedure.statusLookup': '查询我的申请进度',
      };
      return titles[intent] ?? intent;
    },
    detectCity(text: string): string | undefined {
      if (/上海|沪|浦东/.test(text)) return 'shanghai';
      if (/成都|蓉|武侯/.test(text)) return 'chengdu';
      return undefined;
    },
    detectCities(text: string): string[] {
      const at = (re: RegExp) => text.search(re);
      return (
        [
          ['shanghai', at(/上海|沪|浦东/)],
          ['chengdu', at(/成都|蓉|武侯/)],
        ] as const
      )
        .filter(([, i]) => i >= 0)
        .sort((a, b) => a[1] - b[1])
        .map(([city]) => city);
    },
  };
}
