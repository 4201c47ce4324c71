import { render } from '../../messages';
import { formatChineseDate } from '../dates';
import type { CityPolicy } from '../policies';
import type { ReminderJob } from './reminderRules';

/** What a reminder says, and the button that starts the procedure (the main dialog routes these titles). */
export const REMINDER_ACTIONS = {
  permitEligible: render('reminder.action.permitEligible'),
  renewalDue: render('reminder.action.renewalDue'),
  optOut: render('reminder.action.optOut'),
} as const;

export function reminderText(job: ReminderJob, policy: CityPolicy): string {
  const params = { permit: policy.permitName, optOut: REMINDER_ACTIONS.optOut };
  if (job.kind === 'permitEligible') {
    return render('reminder.permitEligible', {
      ...params,
      date: formatChineseDate(job.dueOn),
      months: policy.minRegistrationMonths.value,
      action: REMINDER_ACTIONS.permitEligible,
    });
  }
  const window = policy.renewalWindowDays?.value;
  const renewal = {
    ...params,
    date: formatChineseDate(job.expiresOn ?? job.dueOn),
    action: REMINDER_ACTIONS.renewalDue,
  };
  return window
    ? render('reminder.renewalDue', { ...renewal, days: window })
    : render('reminder.renewalDue.noWindow', renewal);
}

export const optOutTexts = {
  done: render('reminder.optOut.done'),
};
