import { WaterfallDialog } from 'botbuilder-dialogs';
import { CancelAndHelpDialog } from '../cancelAndHelpDialog';
import type { DialogDeps } from '../types';

export class StatusLookupDialog extends CancelAndHelpDialog {
  constructor(deps: DialogDeps) {
    super('statusLookup', deps, 'procedure.statusLookup', 'statusLookup');
    this.addDialog(new WaterfallDialog('statusLookup.steps', [async (s) => s.endDialog()]));
    this.initialDialogId = 'statusLookup.steps';
  }
}
