import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import type { CityPolicy } from '../../domain/policies';
import { ask, askChoice, PROMPT, type Outside } from '../prompts';
import { permitTexts as t } from '../texts/permit';
import type { DialogDeps } from '../types';
import { otherCityWords, policyFor } from './common';

/**
 * How the finished card reaches the resident (网点自取 or 邮寄), shared by the permit and the renewal:
 * a feature of its own rather than steps borrowed from the permit dialog (code review P5).
 */
export function pickupOptions(policy: CityPolicy) {
  return [
    {
      id: 'selfPickup',
      title: policy.delivery.pickup.value.name,
      synonyms: ['自取', '自己取', '自己去拿', '去拿', '自行领取', '网点'],
    },
    { id: 'post', title: policy.delivery.post.value.name, synonyms: ['邮寄', '快递', '寄到家', '邮政', '寄给我'] },
  ];
}

/** Pickup place, and the post's fee, payment and area as the city states them. */
export function pickupDetails(policy: CityPolicy): string {
  const pickup = policy.delivery.pickup.value;
  const post = policy.delivery.post.value;
  return [
    t.pickupPlace(pickup.name, pickup.place),
    t.postDetails(post.name, post.feeYuan, post.payment, post.scope, post.contact),
  ].join('\n');
}

/** Where the post does not deliver; only a city that states a delivery area limits it (Shanghai, 000; not Chengdu, 003). */
export function postAddressOutside(policy: CityPolicy): Outside | undefined {
  const scope = policy.delivery.post.value.scope;
  if (!scope) return undefined;
  return { words: otherCityWords(policy), reason: t.postOutOfScope(scope), ownCity: policy.name };
}

export function askPostAddress(step: WaterfallStepContext, policy: CityPolicy): Promise<DialogTurnResult> {
  const outside = postAddressOutside(policy);
  return ask(step, PROMPT.address, t.postAddressAsk(policy.delivery.post.value.scope), outside ? { outside } : {});
}

/** Asks pickup or post, with the fee, payment and area the city states. */
export async function askPickup(step: WaterfallStepContext, deps: DialogDeps): Promise<DialogTurnResult> {
  const policy = await policyFor(deps, step.context);
  await step.context.sendActivity(pickupDetails(policy));
  return askChoice(step, t.pickupAsk, pickupOptions(policy));
}

/** The post address, when the previous answer chose post. */
export async function askPostAddressIfPosted(step: WaterfallStepContext, deps: DialogDeps): Promise<DialogTurnResult> {
  if (step.result !== 'post') return step.next();
  return askPostAddress(step, await policyFor(deps, step.context));
}
