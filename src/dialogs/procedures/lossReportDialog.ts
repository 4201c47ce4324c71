import { WaterfallDialog } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from '../cancelAndHelpDialog';
import type { DialogDeps } from '../types';

export class LossReportDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps, kind: 'lossReport' | 'lossCancellation') {
    super(kind, deps, kind === 'lossReport' ? 'procedure.lossReport' : 'procedure.lossCancellation', kind);
    this.addDialog(new WaterfallDialog(`${kind}.steps`, [async (s) => s.endDialog()]));
    this.initialDialogId = `${kind}.steps`;
  }
}
