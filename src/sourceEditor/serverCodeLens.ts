import * as path from 'node:path';
import * as vscode from 'vscode';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import { mayServeRpc, sourceLanguageOf, type ServerSourceModel } from '../sourceModel';
import { CALL_FROM_SOURCE_COMMAND, runningEndpointOf } from './sourceCommands';
import type { SourceIndex } from './sourceIndex';
import * as settings from '../settings';
import { Disposable } from '../common/lifecycle';

export const CODE_LENS_SETTING = 'rpcExplorer.codeLens.enabled';
export const SERVER_FILE_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file', language: 'python' },
  { scheme: 'file', language: 'javascript' },
  { scheme: 'file', language: 'typescript' },
];
/** Edits are read once typing pauses: a lens list per keystroke would parse the file per keystroke. */
const REFRESH_DELAY_MS = 400;
/**
 * A server start or stop is announced again this much later when the editor has not asked for lenses since: it drops
 * a refresh when its text loses the focus before the refresh ran (VS Code cancels it on blur, e.g. a click in the side
 * bar right after Stop), which left "■ Stop Server" on a stopped server until the editor was focused again. Only then:
 * every refresh redraws the lenses, and a click landing on a redrawn lens is lost.
 */
const RUNNING_REANNOUNCE_MS = 1_000;

/** The URL a file's server will listen at, as its source says (`http://127.0.0.1:8889`), when it names a port. */
export function expectedUrl(model: ServerSourceModel): string | undefined {
  if (model.port === undefined) return undefined;
  const host = !model.host || model.host === '0.0.0.0' || model.host === '::' ? '127.0.0.1' : model.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${model.port}`;
}

/**
 * In a server file: ▷ Start Server / ■ Stop Server with the URL at the top, ▷ Call <name> above each function it
 * registers. Follows edits (debounced), server starts and stops, and the `rpcExplorer.codeLens.enabled` setting.
 */
export class ServerCodeLensProvider extends Disposable implements vscode.CodeLensProvider {
  private readonly changed = this._register(new vscode.EventEmitter<void>());
  readonly onDidChangeCodeLenses = this.changed.event;
  private timer: NodeJS.Timeout | undefined;
  private lastRunning = '';
  private reannounce: NodeJS.Timeout | undefined;
  private askedSinceAnnounced = false;

  constructor(
    private readonly sources: SourceIndex,
    private readonly registry: EndpointRegistry,
  ) {
    super();
    this._registerAll(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length && vscode.languages.match(SERVER_FILE_SELECTOR, e.document)) this.refreshSoon();
      }),
      // Only a server starting or stopping changes the lenses (discovery progress does not).
      registry.onDidChange(() => {
        const running = this.runningServers();
        if (running !== this.lastRunning) {
          this.lastRunning = running;
          this.askedSinceAnnounced = false;
          this.changed.fire();
          if (this.reannounce) clearTimeout(this.reannounce);
          this.reannounce = setTimeout(() => {
            this.reannounce = undefined;
            if (!this.askedSinceAnnounced) this.changed.fire();
          }, RUNNING_REANNOUNCE_MS);
        }
      }),
      settings.onDidChangeSettings((change) => change.affects('codeLens.enabled') && this.changed.fire()),
    );
  }

  async provideCodeLenses(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.CodeLens[]> {
    this.askedSinceAnnounced = true;
    // Most files serve no RPC: a look at the text decides before any parser loads.
    const language = sourceLanguageOf(document.fileName);
    if (!language || !mayServeRpc(document.getText(), language)) return [];
    if (!settings.codeLensEnabled(document.uri)) return [];
    const model = await this.sources.modelOfDocument(document);
    if (!model?.isServer || token.isCancellationRequested) return [];
    const file = document.uri.fsPath;
    const top = new vscode.Range(0, 0, 0, 0);
    const running = runningEndpointOf(this.registry, file);
    const lenses: vscode.CodeLens[] = [];
    if (running) {
      lenses.push(new vscode.CodeLens(top, { title: `■ ${vscode.l10n.t('Stop Server {0}', running)}`, tooltip: vscode.l10n.t('Stop the server task of {0}', path.basename(file)), command: 'rpcExplorer.stopServer', arguments: [document.uri] }));
    } else {
      const url = expectedUrl(model);
      const title = `▷ ${url ? vscode.l10n.t('Start Server {0}', url) : vscode.l10n.t('Start Server')}`;
      const base = path.basename(file);
      const tooltip = model.portEnv
        ? vscode.l10n.t('Run {0} as an rpc-server task and explore it (port from {1} when set)', base, model.portEnv)
        : vscode.l10n.t('Run {0} as an rpc-server task and explore it', base);
      lenses.push(new vscode.CodeLens(top, { title, tooltip, command: 'rpcExplorer.startServer', arguments: [document.uri] }));
      lenses.push(
        new vscode.CodeLens(top, {
          title: `$(debug-alt) ${vscode.l10n.t('Debug Server')}`,
          tooltip: vscode.l10n.t('Run {0} under the debugger and explore it: breakpoints stop calls from the explorer', path.basename(file)),
          command: 'rpcExplorer.debugServer',
          arguments: [document.uri],
        }),
      );
    }
    for (const fn of model.functions) {
      // The protocol's own functions (system.listMethods, system.multicall…) are not the file's: no lens for them.
      if (fn.unlisted || (!fn.definition && fn.name.startsWith('system.'))) continue;
      const place = fn.definition && fn.definition.file === model.file ? fn.definition : fn.registeredAt;
      const line = Math.min(Math.max(place.line - 1, 0), document.lineCount - 1);
      lenses.push(
        new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
          title: `▷ ${vscode.l10n.t('Call {0}', fn.name)}`,
          tooltip: running ? vscode.l10n.t('Call {0} on {1}', fn.name, running) : vscode.l10n.t('Start {0} and call {1}', path.basename(file), fn.name),
          command: CALL_FROM_SOURCE_COMMAND,
          arguments: [document.uri, fn.name],
        }),
      );
    }
    return lenses;
  }

  /** The running server tasks' files and URLs, as one comparable string. */
  private runningServers(): string {
    return this.registry
      .list()
      .filter((e) => e.config.local?.running)
      .map((e) => `${e.config.local!.file}\u0000${e.config.url}`)
      .sort()
      .join('\n');
  }

  private refreshSoon(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.changed.fire();
    }, REFRESH_DELAY_MS);
  }

  override dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.reannounce) clearTimeout(this.reannounce);
    super.dispose();
  }
}
