import { type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import { lossReportTexts as t } from '../texts/lossReport';
import { procedureTexts as pt } from '../texts/procedures';
import type { DialogDeps } from '../types';
import { ApplicationDialog, type SubmissionParts } from './applicationDialog';
import { applicantFields, applicantLines, askIdNumber, askName, askPhone, policyFor } from './common';

type LossKind = 'lossReport' | 'lossCancellation';

/**
 * 挂失 / 解挂: no materials online (where the city says so); identify the holder, confirm, submit.
 * One class for both, because the steps are the same and only the words differ.
 */
export class LossReportDialog extends ApplicationDialog {
  constructor(
    deps: DialogDeps,
    private readonly kind: LossKind,
  ) {
    super(kind, deps, kind === 'lossReport' ? 'procedure.lossReport' : 'procedure.lossCancellation', t.titles[kind]);
    const steps = `${kind}.steps`;
    const summary = `${kind}.summary`;
    this.addSteps(steps, [
      this.introStep.bind(this),
      this.keepAndAsk('name', askIdNumber),
      this.keepAndAsk('idNumber', askPhone),
      this.confirmStep.bind(this),
    ]);
    this.addSummary(summary, {
      confirmTitle: t.confirm[kind],
      question: pt.summaryQuestion.replace(pt.confirmSubmit, t.confirm[kind]),
      render: async (step) => [pt.summaryTitle, ...applicantLines(await this.answers(step.context))].join('\n'),
      fields: () => Promise.resolve(applicantFields()),
      submit: { nextSteps: t.nextSteps[this.kind], parts: () => this.submissionParts() },
    });
  }

  /** Says what it does and which materials are needed (none online, where the city says so). */
  private async introStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const policy = await policyFor(this.deps, step.context);
    const materials = policy.lossReportMaterials?.value;
    // 挂失/解挂 are Shanghai's (000, 002); a city whose documents do not name them is not offered them.
    if (materials === undefined) {
      const platforms = policy.onlinePlatforms.value.map((p) => p.name);
      await step.context.sendActivity(t.notStated(policy.name, policy.replacementOnline?.value, platforms));
      return step.endDialog();
    }
    const materialsLine =
      materials === undefined
        ? t.materialsUnknown(policy.name)
        : materials.length === 0
          ? t.noMaterials
          : materials.join('、');
    await step.context.sendActivity(`${t.intro[this.kind]}\n${materialsLine}`);
    return askName(step);
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    await this.remember(step.context, 'phone', step.result);
    return step.beginDialog(`${this.kind}.summary`);
  }

  private submissionParts(): SubmissionParts {
    return {
      kind: this.kind,
      answers: {},
    };
  }
}
