import * as vscode from 'vscode';
import type { CommandTable } from '../common/commandTable';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import { ServerCodeLensProvider, SERVER_FILE_SELECTOR } from './serverCodeLens';
import { callFromSource, CALL_FROM_SOURCE_COMMAND, goToDefinition, GO_TO_DEFINITION_COMMAND, methodTargetOf, type CallOnEndpoint } from './sourceCommands';
import type { SourceIndex } from './sourceIndex';

export { SourceIndex, type EndpointSource, type FunctionLookup } from './sourceIndex';
export { GO_TO_DEFINITION_COMMAND, CALL_FROM_SOURCE_COMMAND } from './sourceCommands';

/**
 * The server's source in the explorer: Go to Definition on a method (the selected one when run from a key), and the
 * code lenses of server files (registered now) with their Call command; returns the commands.
 */
export function registerSourceFeatures(
  context: vscode.ExtensionContext,
  sources: SourceIndex,
  registry: EndpointRegistry,
  selectedNode: () => unknown,
  call: CallOnEndpoint,
): CommandTable {
  const lenses = new ServerCodeLensProvider(sources, registry);
  context.subscriptions.push(lenses, vscode.languages.registerCodeLensProvider(SERVER_FILE_SELECTOR, lenses));
  return {
    [GO_TO_DEFINITION_COMMAND]: (node?: unknown) => goToDefinition(sources, methodTargetOf(node ?? selectedNode())),
    [CALL_FROM_SOURCE_COMMAND]: (uri?: unknown, method?: unknown, args?: unknown) => callFromSource(sources, registry, call, uri, method, args),
  };
}
