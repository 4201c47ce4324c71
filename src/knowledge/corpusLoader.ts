import fs from 'node:fs';
import path from 'node:path';
import { getPolicy, isKnownCity, policyFact } from '../domain/policies';
import { basisLine } from '../messages';
import { corpusDir } from '../paths';
import { catalogueSchema, contentFileSchema, type Catalogue } from './corpusSchema';
import type { IntentKind } from './types';

/**
 * Loads the intent catalogue and every content file of the corpus folder into one checked corpus:
 * each intent appears in one file only, answers name known cities, and every {{placeholder}} is
 * replaced by the city's policy fact now, so a wrong path stops start-up instead of reaching a resident.
 */
export const CORPUS_DIR = corpusDir;

export class CorpusError extends Error {}

export interface ResolvedAnswer {
  city: string; // city id or "any"
  text: string;
  sources: string[];
}

export interface IntentEntry {
  intent: string;
  kind: Exclude<IntentKind, 'none'>;
  title: string;
  answers: ResolvedAnswer[];
  utterances: string[];
  file?: string;
}

export interface Corpus {
  intents: Map<string, IntentEntry>;
  /** Raw bytes of every file read, for the model cache key. */
  fingerprint: string;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new CorpusError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
}

function issues(file: string, error: { issues: { path: PropertyKey[]; message: string }[] }): CorpusError {
  const lines = error.issues.map((i) => `  ${i.path.map(String).join('.') || '(root)'}: ${i.message}`);
  return new CorpusError(`${file} is not a valid corpus file:\n${lines.join('\n')}`);
}

function formatValue(value: unknown): string | undefined {
  if (typeof value === 'string' || typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    const parts = value.map((v) =>
      v && typeof v === 'object' && 'name' in v ? String((v as { name: unknown }).name) : formatValue(v),
    );
    return parts.every((p) => p !== undefined) ? parts.join('、') : undefined;
  }
  return undefined;
}

/** Replaces {{path}} (the answer's city) and {{city:path}} placeholders with policy facts. */
export function resolvePlaceholders(text: string, city: string, where: string): { text: string; sources: string[] } {
  const sources: string[] = [];
  const resolved = text.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_m, ref: string) => {
    const [explicitCity, factPath] = ref.includes(':') ? ref.split(':', 2) : [city, ref];
    if (explicitCity === 'any')
      throw new CorpusError(`${where}: {{${ref}}} needs a city ("{{shanghai:${ref}}}") in an answer for any city`);
    if (!isKnownCity(explicitCity)) throw new CorpusError(`${where}: {{${ref}}} names unknown city "${explicitCity}"`);
    const fact = policyFact(getPolicy(explicitCity), factPath);
    if (!fact) throw new CorpusError(`${where}: {{${ref}}} is not a fact in the ${explicitCity} policy`);
    const value = formatValue(fact.value);
    if (value === undefined) throw new CorpusError(`${where}: {{${ref}}} is not a text, number or list of them`);
    sources.push(...(Array.isArray(fact.source) ? fact.source : [fact.source]));
    return value;
  });
  return { text: resolved, sources };
}

export function loadCatalogue(dir: string = CORPUS_DIR): Catalogue {
  const file = path.join(dir, 'intents.json');
  const parsed = catalogueSchema.safeParse(readJson(file));
  if (!parsed.success) throw issues(file, parsed.error);
  return parsed.data;
}

export function loadCorpus(dir: string = CORPUS_DIR): Corpus {
  const catalogue = loadCatalogue(dir);
  const intents = new Map<string, IntentEntry>();
  const fingerprint: string[] = [fs.readFileSync(path.join(dir, 'intents.json'), 'utf8')];
  for (const c of catalogue.intents) {
    if (intents.has(c.intent)) throw new CorpusError(`intents.json lists ${c.intent} twice`);
    intents.set(c.intent, { intent: c.intent, kind: c.kind, title: c.title, answers: [], utterances: [] });
  }
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== 'intents.json')
    .sort();
  for (const name of files) {
    const file = path.join(dir, name);
    const raw = readJson(file);
    fingerprint.push(name, JSON.stringify(raw));
    const parsed = contentFileSchema.safeParse(raw);
    if (!parsed.success) throw issues(file, parsed.error);
    for (const entry of parsed.data.entries) {
      const target = intents.get(entry.intent);
      if (!target) throw new CorpusError(`${name}: intent ${entry.intent} is not in intents.json`);
      if (target.file) throw new CorpusError(`${name}: intent ${entry.intent} is already defined in ${target.file}`);
      target.file = name;
      target.utterances = [...new Set(entry.utterances)];
      target.answers = entry.answers.map((a, i) => {
        const where = `${name} ${entry.intent} answer ${i + 1}`;
        if (a.city !== 'any' && !isKnownCity(a.city)) throw new CorpusError(`${where}: unknown city "${a.city}"`);
        const resolved = resolvePlaceholders(a.text, a.city, where);
        if (target.kind === 'faq' && a.sources.length + resolved.sources.length === 0)
          throw new CorpusError(`${where}: a faq answer must name the source document it rests on`);
        const sources = [...new Set([...a.sources, ...resolved.sources])];
        // A policy answer shows its basis on one short line, so a resident (and a reviewer) sees what it rests on.
        const basis = target.kind === 'faq' ? basisLine(a.sources.length > 0 ? a.sources : sources) : undefined;
        return { city: a.city, text: basis ? `${resolved.text}\n${basis}` : resolved.text, sources };
      });
      const cities = target.answers.map((a) => a.city);
      if (new Set(cities).size !== cities.length)
        throw new CorpusError(`${name}: ${entry.intent} has two answers for the same city`);
    }
  }
  return { intents, fingerprint: fingerprint.join('\n') };
}
