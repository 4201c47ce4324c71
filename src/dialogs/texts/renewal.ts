/** What the renewal (签注) dialog says. The window and dates come from the policy and the domain. */
export const renewalTexts = {
  title: '居住证续签',
  prefilled: (ref: string) => `找到您之前的申请（${ref}），姓名、身份证号和手机号会沿用，可在最后核对时修改。`,
  expiresAsk: '您的居住证有效期到哪天？（例如 2026年6月30日）',
  windowOpen: '在签注时间内，可以办理。',
  tooEarlyReminder: '需要在可以办理时提醒您吗？',
  reminderYes: '到时提醒我',
  reminderNo: '不用了',
  reminderSaved: (date: string) => `好的，${date}会提醒您来签注。`,
  reminderDeclined: '好的，到时候再来找我就行。',
  expiredOffer: '要现在开始办理居住登记吗？',
  startRegistration: '办理居住登记',
  notNow: '暂时不用',
  notNowReply: '好的，需要时说「办理居住登记」就可以。',
  occupationAsk: '签注要提供现在的就业或就读证明。您现在是哪种情况？',
  labels: { expiresOn: '居住证有效期至' },
  nextSteps: '审核通过后完成签注；需要补正材料时会通知您。',
};
