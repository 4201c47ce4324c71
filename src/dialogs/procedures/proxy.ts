import { proxyRule, type ProxyActor } from '../../domain/eligibility';
import type { CityPolicy } from '../../domain/policies';
import type { ChoiceOption } from '../choices';
import { registrationTexts as t } from '../texts/registration';

/** Who is applying: the resident, a guardian, a close relative, or someone else (refused at once). */
export function whoAppliesOptions(policy: CityPolicy): ChoiceOption[] {
  const proxy = policy.proxy?.value;
  // Not a bare 代办: "为老人代办" must stay the close relative's option.
  const otherWords = ['朋友', '同事', '别人', '他人', '帮别人', '替别人', '帮朋友', '老板', '中介', '其他人'];
  const other: ChoiceOption = {
    id: 'other',
    title: proxy ? t.business.other : t.business.someoneElse,
    synonyms: otherWords,
  };
  const self: ChoiceOption = {
    id: 'self',
    title: t.business.self,
    synonyms: ['本人', '自己', '我自己', '给自己', '我'],
  };
  if (!proxy) return [self, { ...other, synonyms: [...otherWords, '孩子', '子女', '小孩', '老人', '父母', '家人'] }];
  return [
    self,
    {
      id: 'guardian',
      title: t.business.guardian(proxy.minorAgeBelow),
      synonyms: ['孩子', '子女', '小孩', '未成年', '儿子', '女儿', '监护人'],
    },
    {
      id: 'closeRelative',
      title: t.business.closeRelative(proxy.elderlyAgeFrom),
      synonyms: [
        '老人',
        '残疾',
        '父母',
        '爸妈',
        '近亲属',
        '我妈',
        '我爸',
        '老妈',
        '老爸',
        '母亲',
        '父亲',
        '爷爷',
        '奶奶',
        '外公',
        '外婆',
      ],
    },
    other,
  ];
}

/**
 * What the domain refuses before any detail is asked. Someone other than a guardian or a close relative
 * is refused whatever the applicant's age, so every age band's rule is said; a city without proxy rules
 * says that its documents do not cover acting for someone else. Guardian and close relative are checked
 * once the ID number gives the age.
 */
export function refusalBeforeDetails(policy: CityPolicy, actor: ProxyActor): string | undefined {
  if (actor === 'self') return undefined;
  const rules = policy.proxy?.value;
  const ages = rules ? [rules.minorAgeBelow - 1, rules.elderlyAgeFrom - 1, rules.elderlyAgeFrom] : [30];
  if (rules && actor !== 'other') return undefined;
  const messages = ages
    .map((applicantAge) => proxyRule(policy, { applicantAge, disabled: false, limitedMobility: true, actor }))
    .flatMap((r) => (r.ok ? [] : r.problems.map((p) => p.message)));
  return [...new Set(messages)].map((m) => `· ${m}`).join('\n') || undefined;
}
