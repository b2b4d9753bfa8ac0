/**
 * Request files (`.rpc`) in the editor: Send / Send All, diagnostics, completion and hover from discovery, outline
 * and folding, and the commands that write calls into a file. The format, its checks and its runner are
 * src/requestFiles (shared with the CLI); this folder only binds them to VS Code.
 */
import * as vscode from 'vscode';
import type { CallHistory } from '../calls/callHistory';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import type { RequestOptions } from '../callOptions/requestOptions';
import type { ResultPanel } from '../views/resultPanel';
import { SEND_ALL_COMMAND, SEND_BATCH_COMMAND, SEND_COMMAND, registerLanguageProviders, type RequestDiagnostics } from './languageFeatures';
import { EditorVariables, MethodCatalog, ParsedDocuments, RPC_LANGUAGE } from './requestDocuments';
import { RequestFileCommands } from './requestFileCommands';
import { RequestSender } from './requestSender';
import { CallVerdicts } from './callVerdicts';
import { RequestResultsView } from './requestResultsView';

export { RequestFileCommands } from './requestFileCommands';
export type { RequestSender } from './requestSender';

export interface RequestEditor {
  sender: RequestSender;
  diagnostics: RequestDiagnostics;
  files: RequestFileCommands;
  variables: EditorVariables;
  /** The last send's verdict of each call, per file (the lenses, EXPECT problems and the Request Results view). */
  verdicts: CallVerdicts;
  resultsView: RequestResultsView;
}

export function registerRequestEditor(
  context: vscode.ExtensionContext,
  deps: { registry: EndpointRegistry; requestOptions: RequestOptions; resultPanel: ResultPanel; history: CallHistory },
): RequestEditor {
  const parsed = new ParsedDocuments();
  const variables = new EditorVariables(context.secrets, context.workspaceState);
  const catalog = new MethodCatalog(deps.registry, deps.requestOptions);
  const verdicts = new CallVerdicts();
  const resultsView = new RequestResultsView(verdicts);
  const { disposables, diagnostics } = registerLanguageProviders(parsed, variables, catalog, deps.registry, verdicts);
  const sender = new RequestSender(parsed, variables, deps.resultPanel, deps.requestOptions, verdicts, resultsView);
  const files = new RequestFileCommands(deps.registry, deps.history);

  const environmentItem = vscode.window.createStatusBarItem('rpcExplorer.requestEnvironment', vscode.StatusBarAlignment.Right, 100);
  environmentItem.name = vscode.l10n.t('RPC Request File Environment');
  environmentItem.command = 'rpcExplorer.selectRequestEnvironment';
  const showEnvironment = () => {
    const editor = vscode.window.activeTextEditor;
    if (editor?.document.languageId !== RPC_LANGUAGE) return environmentItem.hide();
    environmentItem.text = `$(globe) ${variables.environmentName ?? vscode.l10n.t('No Environment')}`;
    environmentItem.tooltip = vscode.l10n.t('The {0} entry whose variables the request files use', 'rpcExplorer.environments');
    environmentItem.show();
  };
  showEnvironment();

  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- vscode.commands.registerCommand's own handler type
  const command = (id: string, handler: (...args: any[]) => unknown) => vscode.commands.registerCommand(id, handler);
  context.subscriptions.push(
    ...disposables,
    verdicts,
    resultsView,
    vscode.workspace.onDidCloseTextDocument((d) => d.languageId === RPC_LANGUAGE && verdicts.forget(d.uri)),
    sender,
    environmentItem,
    vscode.window.onDidChangeActiveTextEditor(showEnvironment),
    command(SEND_COMMAND, (uri?: unknown, index?: unknown) => sender.send(uri instanceof vscode.Uri ? uri : undefined, typeof index === 'number' ? index : undefined)),
    command(SEND_ALL_COMMAND, (uri?: unknown) => sender.sendAll(uri instanceof vscode.Uri ? uri : undefined)),
    command(SEND_BATCH_COMMAND, (uri?: unknown, index?: unknown) => sender.sendBatch(uri instanceof vscode.Uri ? uri : undefined, typeof index === 'number' ? index : 0)),
    command('rpcExplorer.selectRequestEnvironment', async () => {
      const names = variables.environmentNames();
      const NONE = vscode.l10n.t('No Environment');
      const picked = await vscode.window.showQuickPick([NONE, ...names], {
        title: vscode.l10n.t('Environment of request files'),
        placeHolder: names.length ? undefined : vscode.l10n.t('The {0} setting lists none', 'rpcExplorer.environments'),
      });
      if (picked === undefined) return;
      await variables.selectEnvironment(picked === NONE ? undefined : picked);
      showEnvironment();
      diagnostics.refreshAll();
    }),
    command('rpcExplorer.setRequestFileSecret', async (name?: unknown, value?: unknown) => {
      const secretName =
        typeof name === 'string' ? name : await vscode.window.showInputBox({
              title: vscode.l10n.t('Request file secret'),
              prompt: vscode.l10n.t('The NAME of {0}', '{{$secret NAME}}'),
              validateInput: (v) => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(v) ? undefined : vscode.l10n.t('A name: letters, digits, _')),
            });
      if (!secretName) return;
      const secret = typeof value === 'string' ? value : await vscode.window.showInputBox({ title: vscode.l10n.t('Secret {0}', secretName), prompt: vscode.l10n.t('Kept in SecretStorage; empty removes it'), password: true });
      if (secret === undefined) return;
      await variables.setSecret(secretName, secret);
      diagnostics.refreshAll();
    }),
  );
  return { sender, diagnostics, files, variables, verdicts, resultsView };
}
