import * as vscode from 'vscode';
import type { ResultPanelRequest } from '../views/resultPanel';
import type { CallCommands } from './callCommands';
import type { CallRunner } from './callRunner';
import type { CopyCallAsCommand } from './copyCallAsCommand';

export interface ResultPanelDeps {
  runner: CallRunner;
  calls: CallCommands;
  copyCallAs: () => CopyCallAsCommand;
  saveToRequestFile: (url: string, method: string, argsText?: string) => void;
}

/**
 * Does what a button of the result panel asks: the panel only shows, the calls act. A chunk (see esbuild.js): the
 * panel's buttons are pressed in few sessions.
 */
export function answerResultPanel(request: ResultPanelRequest, deps: ResultPanelDeps): void {
  const { runner } = deps;
  if (request.action === 'cancel') return runner.cancel(request.callId);
  const { view } = request;
  switch (request.action) {
    case 'callAgain':
      return void runner.again(view.callId);
    case 'editAndCall': {
      const sent = runner.requestOf(view.callId);
      return void (sent ? deps.calls.ask(sent.endpointUrl, sent.method, sent.argsText) : runner.again(view.callId));
    }
    case 'startServerAndCall':
      return void vscode.commands.executeCommand('rpcExplorer.startServerAndCall', view.callId);
    case 'copyAs':
      return void deps.copyCallAs().interactive(deps.copyCallAs().targetOfResult(view));
    case 'saveToRequestFile': {
      const target = deps.copyCallAs().targetOfResult(view);
      if (target) deps.saveToRequestFile(target.url, target.method, typeof target.args === 'string' ? target.args : undefined);
      else void vscode.window.showInformationMessage(vscode.l10n.t('RPC Explorer: this call is not in the Call History, so there is nothing to save.'));
      return;
    }
  }
}
