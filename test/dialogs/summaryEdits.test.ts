import { runCase, type TranscriptCase } from './transcript';

const ID = '310115199003071239';
const ADDRESS = '浦东新区世纪大道100弄2号301室';

/**
 * Audit M2 and M4: every answer can be changed from the summary (occupation, photo, pickup, moving
 * date, expiry date, the relative in the kinship letter), asked with the same prompt as the first time.
 */
const cases: TranscriptCase[] = [
  {
    name: 'M2 (c03) permit: occupation and pickup changed from the summary; post asks the address',
    steps: [
      ['上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['2025年11月1日', '哪种情况'],
      ['上班', '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '上传'],
      ['已有照片', '一样吗'],
      ['地址不变', '哪种住所'],
      ['租房', '怎么领取'],
      ['自取', ['[修改就业/就读情况]', '[修改领取方式]', '[修改照片]', '!收件地址']],
      ['修改就业/就读情况', '哪种情况'],
      ['就读', '就业/就读情况：就读'],
      ['修改领取方式', '怎么领取'],
      ['邮寄', '收件地址'],
      [ADDRESS, ['领取方式：邮政专递', `收件地址：${ADDRESS}`, '[修改收件地址]']],
      ['确认提交', '已提交成功'],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app).toMatchObject({ pickup: { method: 'post', address: ADDRESS } });
      expect(app.answers).toMatchObject({ occupation: 'student' });
    },
  },
  {
    name: 'M2 (c20) renewal: the expiry date is changed from the summary',
    steps: [
      ['上海', '上海'],
      ['居住证续签', '有效期到哪天'],
      ['2026年6月19日', '哪种情况'],
      ['就业', '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '哪种住所'],
      ['租房', '怎么领取'],
      ['网点自取', ['居住证有效期至：2026年6月19日', '[修改居住证有效期至]']],
      ['修改居住证有效期至', '有效期到哪天'],
      ['2026年6月10日', '居住证有效期至：2026年6月10日'],
      ['确认提交', '已提交成功'],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app.answers).toMatchObject({ expiresOn: '2026-06-10' });
    },
  },
  {
    name: 'M2 (c26) address change: "搬家日期填错了" asks the moving date again',
    steps: [
      ['上海', '上海'],
      ['我搬家了要变更地址', '哪天搬'],
      ['2026年5月1日', '哪种住所'],
      ['租房', '地址'],
      [ADDRESS, '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', ['搬家日期：2026年5月1日', '[修改搬家日期]']],
      ['搬家日期填错了', '哪天搬'],
      ['2026年5月3日', '搬家日期：2026年5月3日'],
      ['确认提交', '已提交成功'],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app.answers).toMatchObject({ movedOn: '2026-05-03' });
    },
  },
  {
    name: 'M4 (c10): "我舅舅赵大海" is the name 赵大海; the relative is changed from the summary and the letter signed again',
    steps: [
      ['我要办居住登记', '哪个城市'],
      ['上海', '[开始填写]'],
      ['开始填写', '谁的居住登记'],
      ['1', '哪种住所'],
      ['住在亲戚家', '都符合吗'],
      ['符合', '居住地址'],
      [ADDRESS, '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '上传'],
      ['已有照片', '亲属的姓名'],
      ['我舅舅赵大海', ['什么人', '!我舅舅']],
      ['舅舅', ['亲属：赵大海（与承诺人的关系：其他亲属）', '!我舅舅赵大海']],
      ['张三', ['已签名', '亲属姓名：赵大海', '[修改亲属姓名]', '[修改与亲属的关系]']],
      ['修改亲属姓名', '亲属的姓名'],
      ['赵大河', ['亲属：赵大河', '输入您的全名「张三」']],
      ['张三', ['亲属姓名：赵大河', '已签名（张三）']],
      ['确认提交', '已提交成功'],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app.answers).toMatchObject({ relativeName: '赵大河', relationship: '其他亲属' });
      expect(app.kinshipLetter!.text).toContain('赵大河');
      expect(app.kinshipLetter!.text).not.toContain('赵大海');
    },
  },
  {
    name: 'free-text corrections at the permit summary: each names its field, and a value given with it is applied',
    steps: [
      ['上海', '上海'],
      ['申领居住证', '哪天办的'],
      ['2025年11月1日', '哪种情况'],
      ['上班', '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '上传'],
      ['已有照片', '一样吗'],
      ['地址不变', '哪种住所'],
      ['租房', '怎么领取'],
      ['自取', '领取方式：网点自取'],
      ['取件方式改成郵政直投', ['领取方式已改好', '收件地址', '!没有这个选项']],
      [ADDRESS, ['领取方式：邮政专递', `收件地址：${ADDRESS}`]],
      ['电话写错了 改成13900139000', ['手机号已改好', '手机号：139****9000', '!请点要修改的那一项']],
      ['地址改一下', ['新的居住地址', '!请点要修改的那一项']],
      ['徐汇区漕溪北路100号1201室', '新居住地址：徐汇区漕溪北路100号1201室'],
      ['确认提交', '已提交成功'],
    ],
    check: async ({ store }) => {
      const [app] = await store.applications.list();
      expect(app.applicant.phone).toBe('13900139000');
      expect(app).toMatchObject({ pickup: { method: 'post', address: ADDRESS } });
    },
  },
  {
    name: 'free-text corrections at the registration summary: a valid name is applied, a bad phone opens the phone prompt with the reason',
    steps: [
      ['我要办居住登记', '哪个城市'],
      ['上海', '开始填写'],
      ['开始填写', '谁的居住登记'],
      ['1', '哪种住所'],
      ['租房', '都符合吗'],
      ['是的', '居住地址'],
      [ADDRESS, '姓名'],
      ['张三', '身份证'],
      [ID, '手机'],
      ['13800138000', '上传'],
      ['已有照片', '请核对'],
      ['名字写错了，应该是李四', ['姓名已改好', '姓名：李四']],
      ['电话改成123', ['应为11位', '请输入联系手机号码', '!请核对您填写的信息']],
      ['13700137000', '手机号：137****7000'],
    ],
  },
];

describe('every answer can be changed from the summary', () => {
  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    await runCase(c);
  });
});
