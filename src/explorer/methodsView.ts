import * as vscode from 'vscode';
import type { WorkspaceEndpointRegistry } from '../endpoints/endpointRegistry';
import type { RevealEndpoint } from '../endpoints/endpointTypes';
import type { SourceIndex } from '../sourceEditor';
import { METHODS_VIEW_ID } from './endpointDiscovery';
import { MethodTreeProvider, type ExplorerNode } from './methodTree';

/** The Methods view: its tree of endpoints and methods, and the view that shows it. */
export interface MethodsView extends vscode.Disposable {
  readonly tree: MethodTreeProvider;
  readonly view: vscode.TreeView<ExplorerNode>;
  /** Shows an endpoint, expanded and selected, without taking focus. */
  readonly reveal: RevealEndpoint;
  /** The row the user selected, if any (commands run from a key act on it). */
  selected(): ExplorerNode | undefined;
}

export function createMethodsView(registry: WorkspaceEndpointRegistry, sources: SourceIndex): MethodsView {
  const tree = new MethodTreeProvider(registry, sources);
  const view = vscode.window.createTreeView<ExplorerNode>(METHODS_VIEW_ID, { treeDataProvider: tree, showCollapseAll: true });
  return {
    tree,
    view,
    reveal: async (url) => {
      const node = tree.endpointNode(url);
      if (!node) return;
      try {
        await view.reveal(node, { select: true, focus: false, expand: true });
      } catch (error) {
        // The endpoint was removed (or replaced) while the tree revealed it ("Cannot resolve tree item"): nothing to show.
        if (tree.endpointNode(url) === node) throw error;
      }
    },
    selected: () => view.selection[0],
    dispose: () => {
      view.dispose();
      tree.dispose();
    },
  };
}
