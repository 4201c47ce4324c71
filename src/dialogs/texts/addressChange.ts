/** What the address change dialog says. The deadline in days comes from the city's policy. */
export const addressChangeTexts = {
  title: '居住地址变更',
  movedOnAsk: '您是哪天搬到新地址的？（例如 2026年5月1日）',
  inTime: (days: number, date: string) => `地址变更要在搬家后${days}天内办理，您的截止日期是${date}，现在办理来得及。`,
  overdue: (days: number, date: string) =>
    `地址变更应在搬家后${days}天内办理，截止日期${date}已经过了。请尽快办理；逾期怎么处理，现有资料没有说明，可以向办理地点咨询。`,
  noDeadline: (city: string) => `现有资料没有说明${city}地址变更的期限，建议搬家后尽快办理。`,
  residenceAsk: '新住所是哪种住所？',
  addressAsk: '请输入新的居住地址，写到门牌号（要和住所证明上的一致）。',
  nextSteps: '审核通过后，居住登记上的地址会更新为新地址。',
  labels: { movedOn: '搬家日期', newAddress: '新居住地址' },
};
