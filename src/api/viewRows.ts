import * as vscode from 'vscode';
import type { ViewRow } from './extensionApi';

/** A view's data (each of the extension's trees answers at once) and the view showing it. */
export interface ViewSource<T> {
  provider: { getChildren(element?: T): T[]; getTreeItem(element: T): vscode.TreeItem };
  view: vscode.TreeView<T>;
}

const textOf = (value: string | vscode.MarkdownString | vscode.TreeItemLabel | undefined): string | undefined =>
  value === undefined ? undefined : typeof value === 'string' ? value : 'value' in value ? value.value : value.label;

/** The row a tree item shows, as plain data. */
export function rowOf<T>(source: ViewSource<T>, target: T): ViewRow {
  const item = source.provider.getTreeItem(target);
  return {
    label: textOf(item.label) ?? '',
    description: typeof item.description === 'string' ? item.description : undefined,
    tooltip: textOf(item.tooltip),
    icon: item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined,
    contextValue: item.contextValue,
    accessibilityLabel: item.accessibilityInformation?.label,
    collapsible: item.collapsibleState !== undefined && item.collapsibleState !== vscode.TreeItemCollapsibleState.None,
    command: item.command && { command: item.command.command, arguments: item.command.arguments },
    target,
  };
}

/** The rows under `parent` (none: the top rows). */
export function rowsOf<T>(source: ViewSource<T>, parent?: T): ViewRow[] {
  return source.provider.getChildren(parent).map((child) => rowOf(source, child));
}
