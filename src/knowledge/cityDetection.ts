import { listPolicies } from '../domain/policies';
import type { CityId } from '../domain/application';
import { lexicon, normalizeText } from './normalize';

// "随申办APP", "随申办微信小程序", "一网通办网站（zwdt.sh.gov.cn）", "四川政务服务网（成都市站点）": what residents
// type is the platform's own name, without the kind of client or the bracketed detail.
const PLATFORM_SUFFIX = /(APP|微信小程序|支付宝小程序|小程序|网站|公众号)$/i;
const BRACKETED = /[（(]([^）)]*)[）)]/g;

/**
 * The names a resident may use for a city's online platforms, from the policy data (随申办, 一网通办,
 * zwdt.sh.gov.cn, 上海公安人口管理 → Shanghai; 天府市民云, 四川政务服务网 → Chengdu).
 */
export function platformNames(): { name: string; city: CityId }[] {
  const out: { name: string; city: CityId }[] = [];
  for (const p of listPolicies())
    for (const platform of p.onlinePlatforms.value) {
      const inBrackets = [...platform.name.matchAll(BRACKETED)].map((m) => m[1]);
      const bare = platform.name.replace(BRACKETED, '').trim().replace(PLATFORM_SUFFIX, '');
      for (const name of [bare, ...inBrackets.filter((b) => /^[a-z0-9.]+\.[a-z]+$/i.test(b))])
        if (name.length >= 3 && !out.some((o) => o.name === normalizeText(name)))
          out.push({ name: normalizeText(name), city: p.id });
    }
  return out;
}

/** Where each name of a list first occurs in the normalised text. */
function firstMention(names: readonly { name: string; city: CityId }[], normalized: string) {
  let best: { at: number; city: CityId } | undefined;
  for (const { name, city } of names) {
    const at = normalized.indexOf(name);
    if (at >= 0 && (!best || at < best.at)) best = { at, city };
  }
  return best;
}

/**
 * Finds the city a message names, from each policy's aliases and district names (data, so a new city
 * file is enough). When two cities are named, the one mentioned first wins. A platform name (随申办,
 * 天府市民云) implies its city when no city is named ("用天府市民云办上海的居住证" is about Shanghai). Bare
 * 申 is not an alias: it occurs in 申请/申领 and would make every question Shanghai's.
 */
/** Every city a message names by name, alias or district, in order of first mention ("上海和成都…"). */
export function citiesDetector(): (text: string) => CityId[] {
  const names = listPolicies().map((p) => ({
    city: p.id,
    words: [p.name, ...p.aliases, ...p.districts].map((n) => normalizeText(n)),
  }));
  return (text: string) => {
    const normalized = normalizeText(text);
    return names
      .map(({ city, words }) => ({
        city,
        at: Math.min(...words.map((w) => normalized.indexOf(w)).filter((i) => i >= 0)),
      }))
      .filter((c) => Number.isFinite(c.at))
      .sort((a, b) => a.at - b.at)
      .map((c) => c.city);
  };
}

export function cityDetector(): (text: string) => CityId | undefined {
  const names: { name: string; city: CityId }[] = [];
  for (const p of listPolicies())
    for (const name of [p.name, ...p.aliases, ...p.districts]) names.push({ name: normalizeText(name), city: p.id });
  names.sort((a, b) => b.name.length - a.name.length);
  const platforms = platformNames().sort((a, b) => b.name.length - a.name.length);
  return (text: string) => {
    const normalized = normalizeText(text);
    // "四川政务服务网（成都市站点）" names 成都 inside a platform name; either way it is Chengdu.
    return (firstMention(names, normalized) ?? firstMention(platforms, normalized))?.city;
  };
}

/**
 * Finds a Chinese city the assistant does not serve (lexicon otherCities, minus any name that overlaps
 * a supported city's names or districts). Shanghai names streets after cities (南京路, 四川北路), so a
 * name followed by 路/街/道, optionally with a direction, is a street, not a city; one after 寄到 is where
 * the card is posted.
 */
export function otherCityDetector(): (text: string) => string | undefined {
  const own = listPolicies().flatMap((p) => [p.name, ...p.aliases, ...p.districts].map((n) => normalizeText(n)));
  const names = lexicon.otherCities
    .filter((c) => !own.some((n) => n.includes(c) || c.includes(n)))
    .sort((a, b) => b.length - a.length);
  if (names.length === 0) return () => undefined;
  // "寄到苏州我妈家": a place the card is posted to, not a city whose permit is asked about.
  const pattern = new RegExp(`(?<!寄到|寄去|寄回|邮到|送到)(${names.join('|')})(?![东西南北中]?[路街道])`);
  return (text: string) => pattern.exec(normalizeText(text))?.[1];
}
