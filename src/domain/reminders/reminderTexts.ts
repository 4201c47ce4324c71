import { formatChineseDate } from '../dates';
import type { CityPolicy } from '../policies';
import type { ReminderJob } from './reminderRules';

/** What a reminder says, and the button that starts the procedure (the main dialog routes these titles). */
export const REMINDER_ACTIONS = { permitEligible: '申领居住证', renewalDue: '居住证续签', optOut: '退订提醒' } as const;

export function reminderText(job: ReminderJob, policy: CityPolicy): string {
  if (job.kind === 'permitEligible') {
    return [
      `办证提醒：您的居住登记到${formatChineseDate(job.dueOn)}已满${policy.minRegistrationMonths.value}个月。`,
      `现在可以申领${policy.permitName}了。`,
      `点“${REMINDER_ACTIONS.permitEligible}”开始办理。不想再收到提醒，请回复“${REMINDER_ACTIONS.optOut}”。`,
    ].join('\n');
  }
  const window = policy.renewalWindowDays?.value;
  return [
    `签注提醒：您的${policy.permitName}将于${formatChineseDate(job.expiresOn ?? job.dueOn)}到期。`,
    window ? `到期前${window}天内可以办理签注，别错过。` : '请及时办理签注。',
    `点“${REMINDER_ACTIONS.renewalDue}”开始办理。不想再收到提醒，请回复“${REMINDER_ACTIONS.optOut}”。`,
  ].join('\n');
}

export const optOutTexts = {
  done: '好的，已为您退订办证和签注提醒，以后不会再发。办理进度的通知仍会照常发送。',
};
