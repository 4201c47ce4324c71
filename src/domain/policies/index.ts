import fs from 'node:fs';
import path from 'node:path';
import { policyDataDir } from '../../paths';
import { cityPolicySchema, type CityPolicy } from './schema';

export * from './schema';

export class PolicyError extends Error {}

/** Validates one policy document; the error names the file and every field that is wrong. */
export function parsePolicy(data: unknown, origin = 'policy'): CityPolicy {
  const parsed = cityPolicySchema.safeParse(data);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new PolicyError(`${origin} is not a valid city policy:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** Loads every *.json in a folder as a city policy. Adding a city is adding a file. */
export function loadPolicies(dir: string = policyDataDir): Map<string, CityPolicy> {
  const policies = new Map<string, CityPolicy>();
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const origin = path.join(dir, file);
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(origin, 'utf8'));
    } catch (err) {
      throw new PolicyError(`${origin} is not valid JSON: ${(err as Error).message}`);
    }
    const policy = parsePolicy(json, origin);
    if (policies.has(policy.id)) throw new PolicyError(`${origin}: city id "${policy.id}" is defined twice`);
    policies.set(policy.id, policy);
  }
  if (policies.size === 0) throw new PolicyError(`No city policy files in ${dir}`);
  return policies;
}

let cache: Map<string, CityPolicy> | undefined;
const all = (): Map<string, CityPolicy> => (cache ??= loadPolicies());

export function listPolicies(): CityPolicy[] {
  return [...all().values()];
}

export function getPolicy(cityId: string): CityPolicy {
  const policy = all().get(cityId);
  if (!policy) throw new PolicyError(`Unknown city "${cityId}"; known: ${[...all().keys()].join(', ')}`);
  return policy;
}

export function isKnownCity(cityId: string): boolean {
  return all().has(cityId);
}

/**
 * Reads a fact by dot path and returns its value with the source it rests on. The path may continue
 * into a fact's value: "delivery.post.feeYuan" is the feeYuan of the delivery.post fact.
 * Undefined when the city does not state it.
 */
export function policyFact(
  policy: CityPolicy,
  dotPath: string,
): { value: unknown; source: string | string[] } | undefined {
  let node: unknown = policy;
  let source: string | string[] | undefined;
  for (const part of dotPath.split('.')) {
    if (node && typeof node === 'object' && 'value' in node && 'source' in node) {
      source = (node as { source: string | string[] }).source;
      node = (node as { value: unknown }).value;
    }
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  if (node && typeof node === 'object' && 'value' in node && 'source' in node) {
    return node as { value: unknown; source: string | string[] };
  }
  return node === undefined || source === undefined ? undefined : { value: node, source };
}
