import * as vscode from 'vscode';
import { pickEndpoint } from '../views/pickers';
import type { EndpointRegistry, RevealEndpoint } from '../endpoints/endpointTypes';
import { displayUrl } from '../endpoints/endpointUrl';
import { openEndpointsSetting } from './settingsEndpoints';
import type { ExplorerNode, MethodNode, MethodTreeProvider } from './methodTree';

/** A second click on the same method within this time is a double-click (tree items have no native one). */
const DOUBLE_CLICK_MS = 500;

/**
 * The tree's own commands: Refresh, Remove Endpoint (with Undo), Copy Method Name, and turning a double-click
 * or Enter on a method into a call.
 */
export class ExplorerCommands {
  private lastActivation?: { id: string; at: number };

  constructor(
    private readonly registry: EndpointRegistry,
    private readonly tree: MethodTreeProvider,
    private readonly view: vscode.TreeView<ExplorerNode>,
    private readonly callMethod: (node: MethodNode) => Thenable<unknown>,
    private readonly reveal: RevealEndpoint,
  ) {}

  async refresh(target?: ExplorerNode | string): Promise<void> {
    const url = typeof target === 'string' ? target : target?.url;
    await this.registry.refresh(url);
  }

  async remove(target?: ExplorerNode | string): Promise<void> {
    // From the palette (no target) the endpoint is picked: a tree selection is not a clear enough intent to remove.
    const url = typeof target === 'string' ? target : target?.url;
    const endpoint = url ? this.registry.get(url) : await pickEndpoint(this.registry.list(), vscode.l10n.t('Remove Endpoint'));
    if (!endpoint) return;
    const label = endpoint.config.name ?? displayUrl(endpoint.config.url);
    const origin = this.registry.origin(endpoint.config.url);
    if (origin?.fromSettings) {
      // The setting is shared (often in .vscode/settings.json): hiding the endpoint here would only surprise later.
      await this.registry.remove(endpoint.config.url);
      const message = origin.userAdded
        ? vscode.l10n.t('Removed your copy of {0}; it stays listed because the rpcExplorer.endpoints setting lists it.', label)
        : vscode.l10n.t('{0} comes from the rpcExplorer.endpoints setting: remove it there to take it out of the explorer.', label);
      const openSettings = vscode.l10n.t('Open Settings');
      void vscode.window.showInformationMessage(message, openSettings).then((action) => {
        if (action === openSettings) void openEndpointsSetting();
      });
      return;
    }
    const index = this.registry.indexOf(endpoint.config.url);
    const snapshot = { config: endpoint.config, state: endpoint.state };
    await this.registry.remove(endpoint.config.url);
    // Removing asks nothing; the notification offers the way back.
    const undo = vscode.l10n.t('Undo');
    void vscode.window.showInformationMessage(vscode.l10n.t('Removed {0}.', label), undo).then((action) => {
      if (action !== undo) return;
      this.registry.restore(snapshot, index);
      this.tree.refreshAll();
      void this.reveal(snapshot.config.url);
    });
  }

  async copyMethodName(node?: ExplorerNode): Promise<void> {
    const target = node ?? this.view.selection[0];
    if (target?.kind !== 'method') return;
    await vscode.env.clipboard.writeText(target.method.name);
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('Copied {0}', target.method.name)}`, 2500);
  }

  /** Click on a method: the second click on the same method in a short time calls it. */
  async activateMethod(node: MethodNode): Promise<void> {
    const id = `${node.url}|${node.method.name}`;
    const now = Date.now();
    const isDouble = this.lastActivation?.id === id && now - this.lastActivation.at < DOUBLE_CLICK_MS;
    this.lastActivation = isDouble ? undefined : { id, at: now };
    if (isDouble) await this.callMethod(node);
  }

  /** Enter in the tree: call the selected method, else expand or collapse the selected node as usual. */
  async callSelected(): Promise<void> {
    const node = this.view.selection[0];
    if (node?.kind === 'method') {
      this.lastActivation = undefined;
      await this.callMethod(node);
    } else {
      await vscode.commands.executeCommand('list.toggleExpand');
    }
  }
}
