/** Reasons a prompt gives when an answer cannot be accepted. ID, phone and date reasons come from the domain. */
export const promptTexts = {
  nameTooShort: '姓名至少两个字，请输入身份证上的姓名。',
  nameChars: '姓名只能包含汉字、字母或“·”，请按身份证上的写法输入。',
  notAName: {
    unsure: '需要申请人的真实姓名才能办理。请照身份证上的姓名输入；不方便的话可以说「转人工」。',
    place: (said: string) => `「${said}」是地名，这里要填的是申请人姓名，例如：张伟。`,
    question: (said: string) => `「${said}」不像姓名。有问题可以直接问，我回答后再接着办；这里请先输入申请人姓名。`,
    phrase: (said: string) => `「${said}」不像姓名，请输入申请人身份证上的姓名，例如：张伟。`,
  },
  addressShort: '地址太短了，请写到门牌号，例如“某某路100弄1号101室”。',
  addressLong: '地址太长了，请只写住址本身。',
  addressVague: '请写出具体的路名和门牌号。',
  dateAssumed: (date: string) => `您只说了月份，先按${date}计算。`,
  dateNeedsDay: (year: number, month: number) =>
    `期限按天计算，请说${year}年${month}月的哪一天，例如“${year}年${month}月10日”。`,
  dateFuture: '这个日期还没到，请输入已经过去的日期。',
  signatureMismatch: '签名要与您填写的姓名完全一致，请再输入一次全名。',
  photoMissing: '请上传一张照片（以图片形式发送），或点「已有照片」。',
  photoNotImage: '这个文件不是图片，请以图片形式发送照片。',
  photoFormat: (formats: string[]) => `照片格式不对，只能上传${formats.join('或')}格式的图片。`,
  photoSize: (mb: number) => `照片太大了，不能超过${mb}MB，请压缩后再传。`,
  referenceFormat: '受理编号由字母、数字和“-”组成，请核对后再输入。',
  idLast4Format: '请输入身份证号码的最后4位（数字，最后一位可能是X）。',
};
