/**
 * The Request Results view: every call of the request file sent last, with its verdict and what it returned (a
 * large result collapsed); a click goes to the call in its file.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { formatTypedValue } from '../core/values';
import { displayValue } from '../requestFiles/variables';
import { type CallVerdict, type CallVerdicts, verdictText } from './callVerdicts';

export const REQUEST_RESULTS_VIEW = 'rpcExplorer.requestResults';
const HAS_RESULTS_CONTEXT = 'rpcExplorer.hasRequestResults';
/** Results longer than this many lines start collapsed. */
const EXPANDED_LINES = 6;
/** Lines shown of one result (the rest is one "… more" row: the panel and Copy Result have all of it). */
const MAX_LINES = 200;
/** Notifications listed under a call (the Notifications view has them all). */
const MAX_NOTIFICATION_LINES = 20;
const NOTIFICATION_LINE_CHARS = 200;

export type ResultNode = { kind: 'call'; uri: vscode.Uri; verdict: CallVerdict } | { kind: 'line'; text: string };

export class RequestResultsView implements vscode.TreeDataProvider<ResultNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ResultNode>;
  private readonly disposables: vscode.Disposable[] = [this.changed];

  constructor(private readonly verdicts: CallVerdicts) {
    this.view = vscode.window.createTreeView(REQUEST_RESULTS_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      verdicts.onDidChange(() => {
        const latest = verdicts.latest;
        this.view.description = latest ? path.basename(latest.path) : undefined;
        void vscode.commands.executeCommand('setContext', HAS_RESULTS_CONTEXT, !!latest);
        this.changed.fire();
      }),
    );
  }

  getChildren(node?: ResultNode): ResultNode[] {
    if (!node) {
      const latest = this.verdicts.latest;
      const file = latest && this.verdicts.get(latest);
      return file ? [...file.verdicts.values()].map((verdict) => ({ kind: 'call', uri: file.uri, verdict })) : [];
    }
    if (node.kind === 'line') return [];
    return resultLines(node.verdict).map((text) => ({ kind: 'line', text }));
  }

  getTreeItem(node: ResultNode): vscode.TreeItem {
    if (node.kind === 'line') return new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
    const { verdict } = node;
    const lines = resultLines(verdict);
    const state =
      lines.length === 0 ? vscode.TreeItemCollapsibleState.None : lines.length > EXPANDED_LINES ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.Expanded;
    const item = new vscode.TreeItem(verdict.label, state);
    item.description = verdictText(verdict).replace(/^[✓✗!–] /, '');
    item.tooltip = [verdict.label, verdictText(verdict, 10_000)].join('\n');
    item.iconPath = iconOf(verdict);
    item.contextValue = `requestResult.${verdict.status}`;
    const line = (verdict.call.separator ?? verdict.call.keyword)?.range.start.line ?? verdict.call.range.start.line;
    item.command = {
      command: 'vscode.open',
      title: vscode.l10n.t('Go to the Call'),
      arguments: [node.uri, { selection: new vscode.Range(line, 0, line, 0), preserveFocus: false } satisfies vscode.TextDocumentShowOptions],
    };
    return item;
  }

  /** Shows the view (when hidden) without taking the focus from the editor. */
  async show(): Promise<void> {
    if (this.view.visible) return;
    await vscode.commands.executeCommand('setContext', HAS_RESULTS_CONTEXT, true);
    await vscode.commands.executeCommand(`${REQUEST_RESULTS_VIEW}.focus`, { preserveFocus: true });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function iconOf(verdict: CallVerdict): vscode.ThemeIcon {
  switch (verdict.status) {
    case 'ok':
      return new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed'));
    case 'fail':
    case 'fault':
      return new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed'));
    case 'error':
      return new vscode.ThemeIcon('warning', new vscode.ThemeColor('testing.iconErrored'));
    default:
      return new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('testing.iconSkipped'));
  }
}

/** What a call returned, as typed JSON lines (a fault as one line), then the notifications that came meanwhile. */
function resultLines(verdict: CallVerdict): string[] {
  const outcome = verdict.outcome;
  if (!outcome) return [];
  return [...answerLines(outcome), ...notificationLines(outcome)];
}

function answerLines(outcome: NonNullable<CallVerdict['outcome']>): string[] {
  if (outcome.fault) return [vscode.l10n.t('fault {0}: {1}', String(outcome.fault.code), outcome.fault.message)];
  if (outcome.result === undefined) return [];
  const lines = formatTypedValue(outcome.result).split('\n');
  if (lines.length <= MAX_LINES) return lines;
  return [...lines.slice(0, MAX_LINES), vscode.l10n.t('… {0} more lines', lines.length - MAX_LINES)];
}

/** A ws:// call: how many notifications arrived while it ran, and the first of them, one line each. */
function notificationLines(outcome: NonNullable<CallVerdict['outcome']>): string[] {
  const during = outcome.notifications;
  if (!during || during.count === 0) return [];
  const shown = during.items.slice(0, MAX_NOTIFICATION_LINES);
  return [
    vscode.l10n.t('Notifications during the call ({0})', during.count),
    ...shown.map((n) => (n.params === undefined ? n.method : `${n.method} ${displayValue(n.params, NOTIFICATION_LINE_CHARS)}`)),
    ...(during.count > shown.length ? [vscode.l10n.t('… {0} more notifications', during.count - shown.length)] : []),
  ];
}
