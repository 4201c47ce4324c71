import { render } from '../../messages';

/** What the registration dialog says. Materials, ages and days come from the city's policy. */
export const registrationTexts = {
  title: '居住登记',
  notice: (city: string, materials: string[], realName?: string, materialsStated = true) =>
    [
      materialsStated ? `在${city}办理居住登记，需要：` : render('registration.materialsUnstated', { city }),
      ...materials.map((m) => `· ${m}`),
      materials.some((m) => /住所|地址证明/.test(m)) ? '' : '· 住所证明（下一步按住所类型告诉您）',
      realName ? `提示：${realName}。` : '',
      '准备好了就开始吧。',
    ]
      .filter(Boolean)
      .join('\n'),
  start: '开始填写',
  businessAsk: '这次是谁的居住登记？',
  business: {
    self: '本人办理',
    guardian: (age: number) => `为未满${age}周岁的孩子办理`,
    closeRelative: (age: number) => `为行动不便的${age}周岁以上老人或残疾亲属代办`,
    other: '朋友或其他人代办',
    someoneElse: '替家人或别人办理',
  },
  /** 000: only an elderly person with difficulty getting about, or a disabled person, may send a close relative. */
  disabledAsk: (age: number) =>
    `申请人是哪种情况？（满${age}周岁且行动不便的老人，或持有残疾人证的人，才能由近亲属代办）`,
  mobilityOption: (age: number) => `满${age}周岁，行动不便`,
  disabledYes: '有残疾人证',
  disabledNo: '都不是',
  closeRelativeAtCentre: (place: string) =>
    `近亲属代办要到${place}办理，这里不能网上代为提交。请带上下面这些材料去办理：`,
  proxyRefused: '按规定这种情况不能这样代办：',
  proxyRefusedNow: '按现有规定，这样代办不了：',
  proxyUnknownNow: '替别人办理，这里暂时办不了：',
  proxyMaterialPrefix: '代办人带：',
  proxyStopped: '需要由能办理的人来办；有疑问可以说「转人工」。',
  residenceAsk: '您住的是哪种住所？',
  situationAsk: (checks: string[]) =>
    `先确认${['', '一', '两', '三'][checks.length] ?? checks.length}件事：\n${checks.map((c) => `· ${c}`).join('\n')}\n都符合吗？`,
  situationChecks: {
    commercial: '房子是住宅，不是商铺、写字楼、厂房',
    noProof: '有住所证明（如租赁备案、房产证、宿舍证明）',
    notLiving: (city: string) => `您实际住在${city}`,
  },
  situation: {
    ok: '都符合',
    commercial: '是商用或办公用房',
    noProof: '没有住所证明',
    notLiving: (city: string) => `不在${city}住`,
  },
  situationWhich: '请点不符合的那一项，我告诉您怎么办。',
  situationRefused: '抱歉，按规定这种情况办不了居住登记：',
  situationGoOn: '还要继续填写吗？',
  situationGoOnYes: '继续填写',
  situationGoOnNo: '先不办了',
  situationStopped: '好的，确认清楚后随时可以再来办。',
  relativeNameAsk: '您住在亲属家，需要签亲属关系承诺书。请输入房屋所属亲属的姓名。',
  relationshipAsk: '这位亲属是您的什么人？',
  relationships: ['父母', '子女', '配偶', '兄弟姐妹', '祖父母或外祖父母', '其他亲属'],
  letterShown: '根据您填写的信息，生成了下面的承诺书，请仔细阅读：',
  signAsk: (name: string) => `确认无误后，请输入您的全名「${name}」作为签名。`,
  signed: '已签名，承诺书会随申请一起提交。',
  letterLabel: '亲属关系承诺书',
  labels: { relativeName: '亲属姓名', relationship: '与亲属的关系' },
  letterSigned: (name: string) => `已签名（${name}）`,
  nextSteps: '居住登记满规定时间后，就可以申领居住证。',
};
