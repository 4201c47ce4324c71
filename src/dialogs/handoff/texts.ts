import { render } from '../../messages';
import { addressChangeTexts } from '../texts/addressChange';
import { lossReportTexts } from '../texts/lossReport';
import { permitTexts } from '../texts/permit';
import { registrationTexts } from '../texts/registration';
import { renewalTexts } from '../texts/renewal';
import { statusLookupTexts } from '../texts/statusLookup';

/** What residents read during a handoff. Numbers and names are filled in by the caller. */
export const handoffTexts = {
  cancelQueue: '取消排队',
  // Never "马上接入": nobody can promise when a person answers (audit M18).
  queued: (position: number) =>
    position <= 1
      ? render('handoff.queued', { position })
      : render('handoff.queuedBehind', { position, ahead: position - 1 }),
  queueHint: '等待期间您可以继续问我问题。不想等了可以说「取消排队」。',
  stillQueued: (position: number) => `您已在排队，现在排在第${position}位。`,
  queueMoved: (position: number) =>
    position <= 1 ? render('handoff.firstInLine') : `排队更新：您现在排在第${position}位。`,
  alreadyServed: '工作人员正在为您服务，请直接说您的问题。',
  cancelled: '已取消排队。我继续为您服务，有问题可以直接问我。',
  staffJoined: (name: string) => `工作人员${name}已接入，请直接说您的问题。`,
  transferred: (name: string) => `已为您转给工作人员${name}，请稍候。`,
  resolved: '本次人工服务已结束，接下来由办事助手继续为您服务。',
  staffPrefix: (name: string) => `工作人员 ${name}`,
  closed: (hours: string) => `现在不是人工服务时间。人工服务时间：${hours}（北京时间）。`,
  leaveMessageAsk: '您可以留言，工作人员上班后会回电。请留下您的手机号码；不需要的话回复「不用了」。',
  phoneAgain: '请重新输入手机号码，或回复「不用了」。',
  phoneGaveUp: '手机号码几次都不对，留言没有记下。需要时可以再说「转人工」。',
  messageAsk: '好的。请用一两句话说明您要咨询的问题。',
  messageEmpty: '请用文字简单说明您的问题。',
  ticketSaved: (id: string) => `已记下您的留言（编号 ${id}），工作人员会在服务时间内给您回电。`,
  ticketDropped: '好的，不留言了。还有问题可以继续问我。',
};

/** Topics the console shows for a procedure in progress: the procedures' own titles. */
export const procedureTopics: Record<string, string> = {
  'procedure.registration': registrationTexts.title,
  'procedure.permit': permitTexts.title,
  'procedure.renewal': renewalTexts.title,
  'procedure.addressChange': addressChangeTexts.title,
  'procedure.lossReport': lossReportTexts.titles.lossReport,
  'procedure.lossCancellation': lossReportTexts.titles.lossCancellation,
  'procedure.statusLookup': statusLookupTexts.title,
};
