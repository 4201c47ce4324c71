import { listPolicies } from '../domain/policies';

/**
 * Answers a resident gives at the name prompt that are plainly not a person's name: a choice from an
 * earlier question ("自己去拿"), "不知道", a place, a command or a question. Only whole words and
 * phrases no Chinese name contains are listed, so a real name (金山, 王可, 李想) still passes.
 */
export type NotAName = 'unsure' | 'place' | 'question' | 'phrase';

const UNSURE = ['不知道', '不清楚', '不确定', '忘了', '忘记了', '不记得', '随便', '保密', '不想说', '没有', '不用', '算了', '等一下', '稍等'];
const EXACT_PHRASES = ['自己', '本人', '我自己', '是的', '对的', '好的', '可以', '知道了', '姓名', '名字', '真名', '测试', '你好', '您好', '谢谢', '居民', '申请人'];
// Fragments that occur in requests and answers, never in a name.
const PHRASE_PARTS = ['自己', '本人', '我的', '我是', '我要', '我想', '帮我', '给我', '你们', '请问', '去拿', '去取', '领取', '自取', '邮寄', '快递', '寄到', '居住证', '居住登记', '身份证', '办理', '申请', '查询', '进度', '签注', '续签', '取消', '退出', '人工', '客服', '地址', '电话', '手机', '照片', '材料', '名字', '姓名'];
const QUESTION_PARTS = ['啥', '为何', '干嘛', '什么', '怎么', '为什么', '多少', '哪里', '哪个', '哪些', '能不能', '可不可以', '要不要', '是不是', '有没有', '需不需要', '几天'];
const QUESTION_END = /[吗呢吧啊呀嘛么]$/;
// Places residents name by mistake: our cities and the country's provinces and larger cities.
const PLACES = [
  '北京', '天津', '重庆', '河北', '山西', '辽宁', '吉林', '黑龙江', '江苏', '浙江', '安徽', '福建', '江西', '山东', '河南', '湖北', '湖南',
  '广东', '海南', '四川', '贵州', '云南', '陕西', '甘肃', '青海', '内蒙古', '广西', '西藏', '宁夏', '新疆', '香港', '澳门', '台湾',
  '广州', '深圳', '杭州', '南京', '苏州', '武汉', '西安', '郑州', '长沙', '合肥', '济南', '青岛', '厦门', '福州', '昆明', '贵阳', '南宁',
  '沈阳', '大连', '哈尔滨', '长春', '石家庄', '太原', '兰州', '乌鲁木齐', '无锡', '宁波', '温州', '东莞', '佛山', '中国',
];

function places(): string[] {
  return [...PLACES, ...listPolicies().flatMap((p) => [p.name, ...p.aliases].filter((w) => w.length >= 2))];
}

export function notAName(input: string): NotAName | undefined {
  const t = input.replace(/\s+/g, '');
  if (UNSURE.includes(t) || /^不知道|^不清楚|^不记得/.test(t)) return 'unsure';
  const bare = t.replace(/(省|市|区|县|自治区)$/, '');
  if (places().includes(bare) || /.{2,}(省|市|新区|自治区)$/.test(t)) return 'place';
  if (QUESTION_END.test(t) || QUESTION_PARTS.some((q) => t.includes(q))) return 'question';
  if (EXACT_PHRASES.includes(t) || PHRASE_PARTS.some((p) => t.includes(p))) return 'phrase';
  return undefined;
}
