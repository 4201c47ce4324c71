import { WaterfallDialog } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from '../cancelAndHelpDialog';
import type { DialogDeps } from '../types';

export class PermitApplicationDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super('permit', deps, 'procedure.permit', 'permit');
    this.addDialog(new WaterfallDialog('permit.steps', [async (s) => s.endDialog()]));
    this.initialDialogId = 'permit.steps';
  }
}
