/** What the renewal (签注) dialog says. The window and dates come from the policy and the domain. */
export const renewalTexts = {
  title: '居住证续签',
  prefilled: (ref: string) => `找到您之前的申请（${ref}），姓名、身份证号和手机号会沿用，可在最后核对时修改。`,
  expiresAsk: '您的居住证有效期到哪天？（例如 2026年6月30日）',
  windowOpen: '在签注时间内，可以办理。',
  notExpiredYet: '证件还没到期，可以先填写申请。',
  tooEarlyReminder: '需要在可以办理时提醒您吗？',
  reminderYes: '到时提醒我',
  reminderNo: '不用了',
  reminderSaved: (date: string) => `好的，${date}会提醒您来签注。`,
  reminderDeclined: '好的，到时候再来找我就行。',
  expiredOffer: '要现在开始办理居住登记吗？',
  startRegistration: '办理居住登记',
  notNow: '暂时不用',
  notNowReply: '好的，需要时说「办理居住登记」就可以。',
  /** Shanghai's guide asks for up-to-date residence and work or study proofs (001 A4); Chengdu states no renewal rule. */
  occupationAsk: (city: string, conditions: string, residenceAlone: boolean) =>
    residenceAlone
      ? `${conditions}现有资料没有另写${city}签注的条件，以办理页面的提示为准。您现在凭哪一项？`
      : '签注要上传最新的住所证明，以及现在的就业或就读证明。您现在是哪种情况？',
  occupationResidenceOnly: '凭合法稳定住所（没有就业或就读）',
  labels: { expiresOn: '居住证有效期至' },
  nextSteps: '审核通过后完成签注；需要补正材料时会通知您。',
};
