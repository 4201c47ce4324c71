import { WaterfallDialog } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from '../cancelAndHelpDialog';
import type { DialogDeps } from '../types';

export class RenewalDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super('renewal', deps, 'procedure.renewal', 'renewal');
    this.addDialog(new WaterfallDialog('renewal.steps', [async (s) => s.endDialog()]));
    this.initialDialogId = 'renewal.steps';
  }
}
