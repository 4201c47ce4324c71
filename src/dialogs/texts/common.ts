/** Resident-facing text shared by all dialogs. Numbers and dates are filled in by the caller. */
export const commonTexts = {
  welcome: [
    '您好，我是居住证办事助手。',
    '可以回答居住登记、居住证的政策问题，也可以一步步带您办理、查询进度。',
    '请直接说您的问题，或点下面的按钮。',
  ],
  /** The main procedures offered as buttons, with the intent each button starts. */
  mainActionIntents: [
    ['办理居住登记', 'procedure.registration'],
    ['申领居住证', 'procedure.permit'],
    ['居住证续签', 'procedure.renewal'],
    ['查询办理进度', 'procedure.statusLookup'],
  ] as const,
  get mainActions(): string[] {
    return this.mainActionIntents.map(([title]) => title);
  },
  askCity: '请问您在哪个城市办理？',
  askCityFor: (title: string) => `办理「${title}」，请问您在哪个城市办理？`,
  cityChanged: (city: string) => `好的，已切换为${city}。`,
  cityRemembered: (city: string) => `好的，按${city}的规定为您解答。`,
  cityForProcedure: (city: string) => `好的，按${city}的规定办理。`,
  greeting: '您好！我可以解答政策问题，也可以带您办理。想办什么？',
  nothingRunning: '现在没有正在办理的事项。想办什么，点下面的按钮就行。',
  mainHelp:
    '我能解答居住登记和居住证的政策问题，也能带您一步步办理、查进度。直接打字提问，或点下面的按钮；找工作人员请说「转人工」。',
  acknowledged: '好的。还有什么可以帮您？',
  nothingElse: '好的，有需要随时找我。',
  thanks: '不客气！还有其他问题可以随时问我。',
  notUnderstood: '抱歉，我没听懂。我只负责居住登记和居住证：政策问题、在线办理、查进度。可以换个说法，或点下面的按钮。',
  notUnderstoodTwice: '抱歉，还是没听懂，我帮您转人工客服。',
  upset: '非常抱歉给您带来不便，我马上帮您转人工客服。',
  didYouMean: '您是想问下面哪一个？',
  /** After answering the closest question, the other close candidates. */
  alsoAsk: '如果您想问的是别的，可以点：',
  /** No city known yet and the answer differs by city: each city's answer under its name. */
  cityHeading: (city: string) => `【${city}】`,
  chooseCityHint: '告诉我您在哪个城市，之后只按那里的规定回答。',
  handoffAction: '转人工',
  handoffRecorded: '已为您登记转人工，工作人员上线后会在这里回复您。',
  handoffKeepsDraft: '您已填写的内容会保留。',
  tooManyFailures: '好像不太顺利。需要的话可以转人工，工作人员会帮您。',
  cancelConfirm: (title: string) => `确定不办「${title}」了吗？已填写的内容将不保存。`,
  cancelYes: '确定取消',
  cancelNo: '继续办理',
  cancelled: (title: string) => `好的，已取消「${title}」。还有什么可以帮您？`,
  notCancelled: '好的，我们接着办。',
  restarted: (title: string) => `好的，「${title}」从头开始。`,
  help: (title: string) =>
    `您正在办理「${title}」。请回答上面的问题；也可以随时问政策问题。说「取消」可退出，说「转人工」找工作人员。`,
  resumeAsk: (title: string) => `您上次办理的「${title}」还没完成，要接着办吗？`,
  resumeYes: '接着办',
  resumeNo: '不办了',
  resumeDropped: (title: string) => `好的，已放弃「${title}」。还有什么可以帮您？`,
  draftExpired: (title: string, hours: number) =>
    `您上次未完成的「${title}」已超过${hours}小时，已清除，需要时可以重新办理。`,
  saveFailed: '刚才的内容没有保存成功，请再发一次。',
  summaryWhichField: '好的，请点要修改的那一项。',
  backHere: '前面填过的内容，最后核对信息时都可以点「修改」更改。现在请先回答这个问题：',
  choiceUnknown: '没有这个选项，请回复序号或点按钮。',
  submitNotAQuestion:
    '您是在提问，所以还没有提交。确认无误要提交的话，请回复「确认提交」；想改哪一项就点对应的按钮，有疑问可以说「转人工」。',
};
