import * as vscode from 'vscode';
import { parseArgumentList } from '../core';
import type { EndpointRegistry, EndpointTarget } from '../endpoints/endpointTypes';
import { endpointLabel } from '../endpoints/endpointUrl';
import type { CallHistory, HistoryEntry } from './callHistory';
import type { CallMethodCommand } from './callMethodCommand';
import type { CallRunner } from './callRunner';

const OUTCOME_ICON: Record<HistoryEntry['outcome'], string> = { ok: 'pass', fault: 'error', error: 'warning', cancelled: 'circle-slash' };

interface HistoryItem extends vscode.QuickPickItem {
  entry: HistoryEntry;
}

/** What the buttons of a history item do, besides Edit. */
export interface CallHistoryActions {
  /** "Copy Call As…" on a call of the history (the item's copy button). */
  copyCallAs(entry: HistoryEntry): Promise<void>;
  /** Writes a call of the history into a request file (the item's file button). */
  saveToRequestFile(entry: HistoryEntry): void;
  /** Opens a call of the history in its method's call form, with its arguments. */
  openInCallForm(entry: HistoryEntry): void;
}

/**
 * "RPC Explorer: Call History": the last calls (of one endpoint from its context menu, else of all), newest
 * first. Enter re-runs the call as it was; the pencil button opens the argument box pre-filled first.
 */
export class CallHistoryCommand {
  constructor(
    private readonly registry: EndpointRegistry,
    private readonly history: CallHistory,
    private readonly runner: CallRunner,
    private readonly callMethod: CallMethodCommand,
    private readonly actions: CallHistoryActions,
  ) {}

  async execute(target?: EndpointTarget): Promise<void> {
    const url = target?.url;
    // Every call: those of the endpoint it was opened on first, under their own heading (never a silent filter).
    const { first, others } = this.history.entriesFirst(url);
    if (first.length + others.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No calls yet. Run "RPC Explorer: Call Method" first.'));
      return;
    }
    const editButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('edit'), tooltip: vscode.l10n.t('Edit the arguments, then call') };
    const saveButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('new-file'), tooltip: vscode.l10n.t('Save to Request File') };
    const formButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('preview'), tooltip: vscode.l10n.t('Open in the Call Form') };
    const copyAsButton: vscode.QuickInputButton = { iconPath: new vscode.ThemeIcon('copy'), tooltip: vscode.l10n.t('Copy Call As… ({0})', 'curl, Python, Node.js, rpc-explorer CLI') };
    const toItem = (entry: HistoryEntry): HistoryItem => ({
      label: `$(${OUTCOME_ICON[entry.outcome]}) ${entry.method}`,
      description: argumentsDescription(entry),
      detail: `${this.endpointLabel(entry.endpointUrl)} · ${new Date(entry.at).toLocaleString()} · ${entry.elapsedMs} ms · ${entry.summary}`,
      // Arguments not kept: nothing to open, save or copy; the pencil (and Enter) ask for them again.
      buttons: entry.argsNotKept === undefined ? [editButton, formButton, saveButton, copyAsButton] : [editButton],
      entry,
    });
    const heading = (label: string) => ({ label, kind: vscode.QuickPickItemKind.Separator }) as HistoryItem;
    const items: HistoryItem[] = url
      ? [
          heading(first.length ? this.endpointLabel(url) : vscode.l10n.t('No calls yet to {0}', this.endpointLabel(url))),
          ...first.map(toItem),
          ...(others.length ? [heading(vscode.l10n.t('Other endpoints')), ...others.map(toItem)] : []),
        ]
      : first.map(toItem);
    const quickPick = vscode.window.createQuickPick<HistoryItem>();
    quickPick.title = url ? vscode.l10n.t('Call History ({0} first)', this.endpointLabel(url)) : vscode.l10n.t('Call History');
    quickPick.placeholder = vscode.l10n.t('Enter calls again; the pencil edits the arguments first');
    quickPick.matchOnDescription = true;
    quickPick.matchOnDetail = true;
    quickPick.items = items;
    const chosen = await new Promise<{ entry: HistoryEntry; edit: boolean } | undefined>((resolve) => {
      quickPick.onDidAccept(() => {
        const item = quickPick.selectedItems[0];
        resolve(item ? { entry: item.entry, edit: false } : undefined);
        quickPick.hide();
      });
      quickPick.onDidTriggerItemButton((event) => {
        if (event.button === saveButton) {
          quickPick.hide();
          this.actions.saveToRequestFile(event.item.entry);
          return;
        }
        if (event.button === formButton) {
          quickPick.hide();
          this.actions.openInCallForm(event.item.entry);
          return;
        }
        if (event.button === copyAsButton) {
          quickPick.hide();
          void this.actions.copyCallAs(event.item.entry);
          return;
        }
        resolve({ entry: event.item.entry, edit: true });
        quickPick.hide();
      });
      quickPick.onDidHide(() => {
        resolve(undefined);
        quickPick.dispose();
      });
      quickPick.show();
    });
    if (!chosen) return;
    const { entry, edit } = chosen;
    const parsed = parseArgumentList(entry.argsText);
    const notKept = entry.argsNotKept !== undefined;
    if (edit || !parsed.ok || notKept) {
      // Arguments too long to keep are not sent as empty: the box asks for them (pre-filled with the last kept ones).
      if (notKept) void vscode.window.showInformationMessage(vscode.l10n.t('The arguments of this call ({0} characters) were too long to keep: enter them again.', entry.argsNotKept!.toLocaleString()));
      const method = this.registry.methodsOf(entry.endpointUrl).find((m) => m.name === entry.method) ?? { name: entry.method, signatures: null, help: null };
      await this.callMethod.interactive({ url: entry.endpointUrl, method }, notKept ? undefined : entry.argsText);
      return;
    }
    await this.runner.run({ endpointUrl: entry.endpointUrl, method: entry.method, args: parsed.args, argsText: entry.argsText });
  }

  private endpointLabel(url: string): string {
    return endpointLabel(this.registry.get(url)?.config ?? { url });
  }
}

/** A history item's description: its arguments (cut at 80 characters), or that there were none or they were not kept. */
function argumentsDescription(entry: HistoryEntry): string {
  if (entry.argsNotKept !== undefined) return vscode.l10n.t('(arguments of {0} characters not kept)', entry.argsNotKept.toLocaleString());
  return entry.argsText.length > 80 ? `${entry.argsText.slice(0, 79)}…` : entry.argsText || vscode.l10n.t('(no arguments)');
}
