import { listPolicies } from '../domain/policies';
import type { CityId } from '../domain/application';
import { lexicon, normalizeText } from './normalize';

/**
 * Finds the city a message names, from each policy's aliases and district names (data, so a new city
 * file is enough). When two cities are named, the one mentioned first wins. Bare 申 is not an alias:
 * it occurs in 申请/申领 and would make every question Shanghai's.
 */
export function cityDetector(): (text: string) => CityId | undefined {
  const names: { name: string; city: CityId }[] = [];
  for (const p of listPolicies())
    for (const name of [p.name, ...p.aliases, ...p.districts]) names.push({ name: normalizeText(name), city: p.id });
  names.sort((a, b) => b.name.length - a.name.length);
  return (text: string) => {
    const normalized = normalizeText(text);
    let best: { at: number; city: CityId } | undefined;
    for (const { name, city } of names) {
      const at = normalized.indexOf(name);
      if (at >= 0 && (!best || at < best.at)) best = { at, city };
    }
    return best?.city;
  };
}

/**
 * Finds a Chinese city the assistant does not serve (lexicon otherCities, minus any name that overlaps
 * a supported city's names or districts). Shanghai names streets after cities (南京路, 四川北路), so a
 * name followed by 路/街/道, optionally with a direction, is a street, not a city.
 */
export function otherCityDetector(): (text: string) => string | undefined {
  const own = listPolicies().flatMap((p) => [p.name, ...p.aliases, ...p.districts].map((n) => normalizeText(n)));
  const names = lexicon.otherCities
    .filter((c) => !own.some((n) => n.includes(c) || c.includes(n)))
    .sort((a, b) => b.length - a.length);
  if (names.length === 0) return () => undefined;
  const pattern = new RegExp(`(${names.join('|')})(?![东西南北中]?[路街道])`);
  return (text: string) => pattern.exec(normalizeText(text))?.[1];
}
