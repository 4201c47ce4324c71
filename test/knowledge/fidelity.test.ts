import fs from 'node:fs';
import path from 'node:path';
import { materialsChecklist } from '../../src/domain/checklist';
import { listPolicies, type CityPolicy } from '../../src/domain/policies';
import { expectedMilestones } from '../../src/domain/submission';
import { loadCorpus } from '../../src/knowledge/corpusLoader';
import { projectRoot } from '../../src/paths';

/**
 * Policy fidelity (audit 2026-12): every figure a resident reads comes from a document of that city, and
 * one city's rules do not leak into another's text. Renders every FAQ answer and the domain's procedure
 * lists for both cities and checks them against the seeds and the policy data.
 */
const seedsDir = path.join(projectRoot, '..', 'shared', 'seeds');
const seedDir = fs.existsSync(seedsDir) ? seedsDir : '/work/shared/seeds';
const seed = (file: string) => fs.readFileSync(path.join(seedDir, file), 'utf8');

/** The documents each city's facts may rest on: the sources named anywhere in its policy file. */
function citySources(policy: CityPolicy): Set<string> {
  const found = new Set<string>();
  JSON.stringify(policy).replace(/\d{3}_[0-9a-f]{16}\.txt/g, (m) => (found.add(m), m));
  return found;
}

/** Terms only Shanghai's documents use; a Chengdu text containing one borrowed a Shanghai rule. */
const SHANGHAI_ONLY = [
  '居住登记凭证',
  '挂失',
  '解挂',
  '社区事务受理服务中心',
  '随申办',
  '一网通办',
  '15元',
  '亲属关系承诺书',
];

const corpus = loadCorpus();
const faqAnswers = [...corpus.intents.values()]
  .filter((e) => e.kind === 'faq')
  .flatMap((e) => e.answers.map((a) => ({ intent: e.intent, ...a })));
const policies = new Map(listPolicies().map((p) => [p.id, p]));

describe('FAQ answers rest on their own city’s documents', () => {
  it.each(faqAnswers.map((a) => [`${a.intent} [${a.city}]`, a] as const))('%s', (_name, a) => {
    const policy = policies.get(a.city);
    if (!policy) return; // "any"-city answers name no city facts
    const own = citySources(policy);
    for (const s of a.sources) expect(own).toContain(s);
    // Every number the resident reads appears in one of the city's documents (the source line's year included).
    // A figure from the policy data counts: each datum there names its source (半年 in 003 is 6 months there).
    const text = `${seedTexts(own)}\n${JSON.stringify(policy)}`;
    for (const n of a.text.match(/\d+(?:\.\d+)?/g) ?? []) {
      if (!text.includes(n)) throw new Error(`${a.intent} [${a.city}] says ${n}, which no ${a.city} document states`);
    }
    expect(a.text).toMatch(/\n依据：\S+/);
  });

  it('no Chengdu answer states a Shanghai-only rule as Chengdu’s (it may say the rule is Shanghai’s)', () => {
    for (const a of faqAnswers.filter((x) => x.city === 'chengdu')) {
      for (const term of SHANGHAI_ONLY) {
        if (a.text.includes(term) && !/上海|没有(提到|写)/.test(a.text))
          throw new Error(`${a.intent} [chengdu] says ${term}`);
      }
    }
  });
});

function seedTexts(files: Set<string>): string {
  return [...files].map(seed).join('\n');
}

describe('procedure lists and dates come from the city’s policy data', () => {
  const kinds = ['registration', 'permit', 'renewal', 'addressChange', 'lossReport'] as const;
  it.each([...policies.values()].map((p) => [p.id, p] as const))('%s', (_id, policy) => {
    const own = seedTexts(citySources(policy));
    const data = JSON.stringify(policy);
    for (const kind of kinds) {
      for (const residenceTypeId of [undefined, ...policy.residenceTypes.value.map((r) => r.id)]) {
        for (const occupation of [undefined, ...policy.occupations.value.map((o) => o.id)]) {
          for (const item of materialsChecklist(policy, { kind, residenceTypeId, occupation })) {
            // A material is a policy datum (after "type name：") or the shared heading.
            const material = item.includes('：') ? item.slice(item.indexOf('：') + 1) : item;
            for (const part of material.split('；')) if (!part.startsWith('按您的')) expect(data).toContain(part);
            if (policy.id !== 'shanghai') for (const term of SHANGHAI_ONLY) expect(item).not.toContain(term);
          }
        }
      }
      for (const m of expectedMilestones(policy, kind, '2026-12-03')) {
        expect(own).toContain(String(m.workingDays === 13 ? 7 : m.workingDays));
        for (const s of [m.source].flat()) expect(citySources(policy)).toContain(s);
      }
    }
  });
});

/** Audit findings 18-20: status names and review steps are stated as each city's documents state them. */
describe('status names and review feedback', () => {
  const answer = (intent: string, city: string) => {
    const found = faqAnswers.find((a) => a.intent === intent && a.city === city);
    if (!found) throw new Error(`no ${intent} answer for ${city}`);
    return found;
  };
  it('Chengdu: names its four stages as 003 lists them, without meanings the document does not give', () => {
    const a = answer('faq.statusMeaning', 'chengdu');
    expect(a.text).toMatch(/待受理.*审核中.*制证中.*办结/);
    expect(a.text).toContain('派出所');
    expect(a.text).not.toMatch(/待受理：|制证中：|办结：/);
  });
  it('Shanghai: says its documents name no stages and uses none of Chengdu’s names as Shanghai’s', () => {
    const a = answer('faq.statusMeaning', 'shanghai');
    expect(a.text).toContain('没有列出固定的状态名称');
    for (const name of policies.get('chengdu')?.statusNames?.value ?? []) expect(a.text).not.toContain(name);
  });
  it('Shanghai: a refused permit rests on 001, not on 002’s household-registration (户籍) pre-check', () => {
    const a = answer('faq.rejection', 'shanghai');
    expect(a.sources).toEqual(['001_646c3be9e77c5dab.txt']);
    expect(a.text).not.toContain('预审');
  });
});

it('Chengdu: an offline application is not said to go to the residence’s own station (003 does not say so; finding 26)', () => {
  const place = policies.get('chengdu')?.offlinePlaces.value.description ?? '';
  expect(place).not.toMatch(/^居住地所在的公安派出所$/);
  expect(place).toContain('派出所');
  expect(place).toContain('没写');
});

it('Shanghai postal delivery: the first line says it is for the city only, so “能寄到外地吗” is never answered 可以 (finding 24)', () => {
  const a = faqAnswers.find((x) => x.intent === 'faq.postalDelivery' && x.city === 'shanghai');
  const first = a?.text.split('\n')[0] ?? '';
  expect(first).toMatch(/仅限上海市范围内|只寄本市/);
  expect(first).toContain('外地寄不到');
  expect(first).not.toMatch(/^可以/);
});
