/** What the permit application dialog says. Months, fees and places come from the city's policy. */
export const permitTexts = {
  title: '居住证新办',
  registeredOnAsk: (months: number) =>
    `申领居住证要先办居住登记并满${months}个月。请问您的居住登记是哪天办的？（例如 2025年11月1日）`,
  registeredOnFromRecord: (ref: string, date: string) =>
    `查到您在这里办的居住登记（${ref}），${date}已确认，就按这天计算。姓名、身份证号和手机号也沿用，最后核对时可以修改。`,
  registrationNotConfirmed: (ref: string) =>
    `您在这里办的居住登记（${ref}）还没有确认。确认后满规定时间才能申领。如果您另有更早的居住登记，请告诉我日期。`,
  registeredOnEdit: '请输入居住登记的日期，写到哪一天（例如 2025年11月1日）。',
  tooEarlyAfterEdit: '按这个日期现在还不能提交；日期填错了可以再改，否则请说「取消」，到时候再来。',
  addressUnchanged: '与居住登记相同',
  tooEarly: (months: number, date: string) => `居住登记要满${months}个月才能申领。您从${date}起可以申请。`,
  reminderAsk: '需要到时候提醒您吗？',
  reminderYes: '到时提醒我',
  reminderNo: '不用了',
  reminderSaved: (date: string) => `好的，${date}会提醒您来申领。`,
  reminderDeclined: '好的。到时候再来找我就行。',
  eligibleFrom: (date: string) => `您的居住登记已满规定时间（${date}起可申领），可以继续。`,
  occupationAsk: (conditions: string) => `${conditions}\n您在本市是哪种情况？`,
  occupationNone: '以上都不是',
  occupationResidenceOnly: '凭合法稳定住所（没有就业或就读）',
  occupationRefused: '申领居住证需要满足下面的条件：',
  proofsIntro: (name: string) => `「${name}」需要准备：`,
  addressChangeAsk: '居住证上的居住地址和居住登记的一样吗？',
  addressSame: '地址不变',
  addressChanged: '地址有变',
  newAddressAsk: '请输入新的居住地址，写到门牌号。',
  pickupAsk: '证件办好后怎么领取？',
  pickupPlace: (name: string, place: string) => `${name}：到${place}领取`,
  postDetails: (
    name: string,
    fee: number | undefined,
    payment: string | undefined,
    scope: string | undefined,
    contact: string | undefined,
  ) =>
    `${name}：${[fee !== undefined ? `费用${fee}元${payment ? `，${payment}` : ''}` : '需要付费，现有资料没有写明金额', scope ?? '', contact ?? ''].filter(Boolean).join('；')}。`,
  postAddressAsk: (scope?: string) => `请输入收件地址${scope ? `（${scope}）` : ''}。`,
  postOutOfScope: (scope: string) => `这个地址不在邮寄范围内：${scope}。请换一个地址，或改为自取。`,
  nextSteps: '审核通过后制证；审核期间如需补正材料，会通知您。',
  labels: { registeredOn: '居住登记日期', newAddress: '新居住地址', postAddress: '收件地址' },
};
