export * from './reminderRules';
export * from './reminderJobs';
export * from './reminderTexts';
