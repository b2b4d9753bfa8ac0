import { protocolChoice, targetOf } from '../common/commandArguments';
import type { CommandTable } from '../common/commandTable';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import type { AddEndpointCommand } from './addEndpointCommand';
import { ExplorerCommands } from './explorerCommands';
import { ACTIVATE_METHOD_COMMAND, type ExplorerNode, type MethodNode } from './methodTree';
import type { MethodsView } from './methodsView';

// Rename and Change Protocol are chunks of the bundle (esbuild.js), loaded on first use: reached only through these requires.
const renameModule = () => require('./renameEndpointCommand') as typeof import('./renameEndpointCommand');
const changeProtocolModule = () => require('./changeProtocolCommand') as typeof import('./changeProtocolCommand');

/** The Methods view's commands: a tree node or nothing asks; the documented programmatic forms as the typed API. */
export function explorerCommandTable(deps: {
  registry: EndpointRegistry;
  methodsView: MethodsView;
  addEndpoint: AddEndpointCommand;
  openCallForm: (url: string, method: string) => Thenable<unknown>;
}): CommandTable {
  const { registry, methodsView } = deps;
  const explorer = new ExplorerCommands(registry, methodsView.tree, methodsView.view, (node) => deps.openCallForm(node.url, node.method.name), methodsView.reveal);
  return {
    'rpcExplorer.addEndpoint': (url?: unknown, protocol?: unknown) =>
      typeof url === 'string' ? deps.addEndpoint.add(url, { protocol: protocolChoice(protocol) }) : deps.addEndpoint.interactive(),
    'rpcExplorer.refresh': (target?: unknown) => explorer.refresh(targetOf(target)?.url),
    'rpcExplorer.renameEndpoint': (target?: unknown, name?: unknown) => renameModule().renameEndpoint(registry, targetOf(target)?.url, name),
    'rpcExplorer.changeProtocol': (target?: unknown, protocol?: unknown) => changeProtocolModule().changeProtocol(registry, targetOf(target)?.url, protocol),
    'rpcExplorer.removeEndpoint': (target?: unknown) => explorer.remove(targetOf(target)?.url),
    'rpcExplorer.copyMethodName': (node?: ExplorerNode) => explorer.copyMethodName(node),
    [ACTIVATE_METHOD_COMMAND]: (node: MethodNode) => explorer.activateMethod(node),
    'rpcExplorer.callSelectedMethod': () => explorer.callSelected(),
  };
}
