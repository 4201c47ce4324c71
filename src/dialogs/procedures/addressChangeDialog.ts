import { WaterfallDialog } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from '../cancelAndHelpDialog';
import type { DialogDeps } from '../types';

export class AddressChangeDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super('addressChange', deps, 'procedure.addressChange', 'addressChange');
    this.addDialog(new WaterfallDialog('addressChange.steps', [async (s) => s.endDialog()]));
    this.initialDialogId = 'addressChange.steps';
  }
}
