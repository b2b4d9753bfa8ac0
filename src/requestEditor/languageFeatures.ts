import * as vscode from 'vscode';
import type { MethodInfo } from '../core';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import { type CallVerdicts, verdictText } from './callVerdicts';
import { checkRequestFile, type ParsedRequestFile, type RequestCall } from '../requestFiles';
import {
  EditorVariables,
  MethodCatalog,
  ParsedDocuments,
  RPC_LANGUAGE,
  acceptedCounts,
  callAtLine,
  parameterExamples,
  signatureLines,
  toRange,
  urlText,
} from './requestDocuments';
import { onDidChangeSettings } from '../settings';

const SELECTOR: vscode.DocumentSelector = { language: RPC_LANGUAGE };
export const SEND_COMMAND = 'rpcExplorer.sendRequest';
export const SEND_ALL_COMMAND = 'rpcExplorer.sendAllRequests';
/** Sends the calls of one `# @batch` as one request (its lens sits on the batch's first call). */
export const SEND_BATCH_COMMAND = 'rpcExplorer.sendBatch';
const DIAGNOSTIC_DELAY_MS = 300;

/** The URL a call goes to as far as the editor can tell without sending anything. */
function callUrl(file: ParsedRequestFile, call: RequestCall, variables: EditorVariables): string | undefined {
  return call.url ? urlText(file, call.url, variables.environment().variables) : undefined;
}

export class RequestCodeLenses implements vscode.CodeLensProvider {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly parsed: ParsedDocuments,
    private readonly verdicts: CallVerdicts,
    private readonly variables: EditorVariables,
  ) {
    verdicts.onDidChange(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    const file = this.parsed.get(document);
    const lenses: vscode.CodeLens[] = [];
    const first = file.calls.find((c) => c.keyword);
    const verdicts = this.verdicts.get(document.uri);
    for (const call of file.calls) {
      if (!call.keyword) continue;
      const line = (call.separator ?? call.keyword).range.start.line;
      const range = new vscode.Range(line, 0, line, 0);
      lenses.push(new vscode.CodeLens(range, { title: `▷ ${vscode.l10n.t('Send')}`, command: SEND_COMMAND, arguments: [document.uri, call.index], tooltip: vscode.l10n.t('Send this call ({0})', 'Ctrl+Alt+R') }));
      if (call === first) lenses.push(new vscode.CodeLens(range, { title: `▷ ${vscode.l10n.t('Send All')}`, command: SEND_ALL_COMMAND, arguments: [document.uri], tooltip: vscode.l10n.t('Send every call, in order') }));
      const before = file.calls[call.index - 1];
      if (call.batch && before?.batch?.text !== call.batch.text) {
        lenses.push(new vscode.CodeLens(range, { title: `▷ ${vscode.l10n.t('Send Batch')}`, command: SEND_BATCH_COMMAND, arguments: [document.uri, call.index], tooltip: vscode.l10n.t('Send the calls of batch {0} as one request', call.batch.text) }));
      }
      // The call in its method's call form: with its arguments when they hold no variable (else the form's own values).
      const url = call.method ? callUrl(file, call, this.variables) : undefined;
      if (url && call.method) {
        const args = call.args?.values?.map((value) => JSON.stringify(value)).join(', ');
        lenses.push(new vscode.CodeLens(range, { title: vscode.l10n.t('Open in the Call Form'), command: 'rpcExplorer.openCallForm', arguments: [url, call.method.token.text, args ?? (call.args ? undefined : '')] }));
      }
      // The verdict of the last send, where the call is (a title-only lens: nothing to run).
      const verdict = verdicts?.verdicts.get(call.index);
      if (verdict) lenses.push(new vscode.CodeLens(range, { title: verdictText(verdict), command: '', tooltip: verdictText(verdict, 10_000) }));
    }
    return lenses;
  }
}

/**
 * The Problems of .rpc documents: the parser's and the checker's, and, for endpoints the explorer lists, a method
 * the server does not have and an argument count none of its signatures accepts (warnings: the call may still be
 * meant). Updated on open and, debounced, on change; again when an endpoint's discovery settles.
 */
export class RequestDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('rpc');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private readonly runs = new Map<string, number>();

  constructor(
    private readonly parsed: ParsedDocuments,
    private readonly variables: EditorVariables,
    private readonly catalog: MethodCatalog,
    registry: EndpointRegistry,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DIAGNOSTIC_DELAY_MS)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        this.collection.delete(d.uri);
        this.parsed.forget(d);
      }),
      onDidChangeSettings((change) => change.affects('environments') && this.refreshAll()),
      registry.onDidChangeEndpoint(() => this.refreshAll()),
    );
    this.refreshAll();
  }

  refreshAll(): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, DIAGNOSTIC_DELAY_MS);
  }

  private schedule(document: vscode.TextDocument, delay: number): void {
    if (document.languageId !== RPC_LANGUAGE) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.update(document);
      }, delay),
    );
  }

  /** Computes and sets a document's diagnostics now, and returns them (the typed API's checkRequestFile). */
  async update(document: vscode.TextDocument): Promise<vscode.Diagnostic[]> {
    const key = document.uri.toString();
    const run = (this.runs.get(key) ?? 0) + 1;
    this.runs.set(key, run);
    const file = this.parsed.get(document);
    const { diagnostics } = await checkRequestFile(file, this.variables.sources());
    const shown = diagnostics.map((d) => {
      const diagnostic = new vscode.Diagnostic(toRange(d.range), d.message, d.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
      diagnostic.source = 'rpc';
      return diagnostic;
    });
    const environmentError = this.variables.environment().error;
    if (environmentError) shown.push(new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), environmentError, vscode.DiagnosticSeverity.Error));
    shown.push(...(await this.methodProblems(file)));
    if (this.runs.get(key) !== run || document.isClosed) return shown;
    this.collection.set(document.uri, shown);
    return shown;
  }

  private async methodProblems(file: ParsedRequestFile): Promise<vscode.Diagnostic[]> {
    const problems: vscode.Diagnostic[] = [];
    const byUrl = new Map<string, RequestCall[]>();
    for (const call of file.calls) {
      if (!call.method || call.method.references.length > 0) continue;
      // A call that expects a fault may name a missing method or pass a wrong count on purpose.
      if (call.expect?.kind === 'fault') continue;
      const url = callUrl(file, call, this.variables);
      if (url === undefined || !this.catalog.isListed(url)) continue; // an unknown URL: not added, not checked
      byUrl.set(url, [...(byUrl.get(url) ?? []), call]);
    }
    for (const [url, calls] of byUrl) {
      const methods = await this.catalog.ofListed(url);
      if (!methods?.length) continue;
      const byName = new Map(methods.map((m) => [m.name, m]));
      for (const call of calls) {
        const name = call.method!.token.text;
        const method = byName.get(name);
        if (!method) {
          const d = new vscode.Diagnostic(toRange(call.method!.token.range), vscode.l10n.t('the server at {0} has no method "{1}"', url, name), vscode.DiagnosticSeverity.Warning);
          d.source = 'rpc';
          problems.push(d);
          continue;
        }
        const accepted = acceptedCounts(method);
        const count = call.args?.items.length ?? 0;
        if (accepted && !accepted.counts.has(count) && call.args?.valid !== false) {
          const range = call.args ? call.args.token.range : call.method!.token.range;
          const d = new vscode.Diagnostic(toRange(range), accepted.text === '1' ? vscode.l10n.t('{0} takes 1 argument, not {1}', name, count) : vscode.l10n.t('{0} takes {1} arguments, not {2}', name, accepted.text, count), vscode.DiagnosticSeverity.Warning);
          d.source = 'rpc';
          problems.push(d);
        }
      }
    }
    return problems;
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** Completion from discovery: endpoints after CALL, methods after the URL, an argument snippet, variables in {{. */
export class RequestCompletions implements vscode.CompletionItemProvider {
  constructor(
    private readonly parsed: ParsedDocuments,
    private readonly variables: EditorVariables,
    private readonly catalog: MethodCatalog,
    private readonly registry: EndpointRegistry,
  ) {}

  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    const before = document.lineAt(position.line).text.slice(0, position.character);
    const file = this.parsed.get(document);
    const reference = /\{\{\s*([\w.$-]*)$/.exec(before);
    if (reference) return this.references(file, position, reference[1].length);
    if (/^\s*CALL\s+\S*$/.test(before)) return this.endpoints(file);
    const afterUrl = /^\s*CALL\s+(\S+)\s+(\S*)$/.exec(before);
    if (afterUrl) {
      const call = callAtLine(file, position.line);
      const url = call?.url ? urlText(file, call.url, this.variables.environment().variables) : afterUrl[1];
      return url ? this.methods(url) : undefined;
    }
    return this.argumentSnippet(file, position);
  }

  private endpoints(file: ParsedRequestFile): vscode.CompletionItem[] {
    const items = this.registry.list().map((endpoint) => {
      const item = new vscode.CompletionItem(endpoint.config.url, vscode.CompletionItemKind.Reference);
      item.detail = endpoint.config.name ?? vscode.l10n.t('endpoint');
      item.sortText = `1${endpoint.config.url}`;
      return item;
    });
    for (const definition of file.variables) {
      const item = new vscode.CompletionItem(`{{${definition.name.text}}}`, vscode.CompletionItemKind.Variable);
      item.detail = definition.value.text;
      item.sortText = `0${definition.name.text}`;
      items.push(item);
    }
    return items;
  }

  private async methods(url: string): Promise<vscode.CompletionItem[] | undefined> {
    const methods = this.catalog.known(url) ?? (await this.catalog.of(url));
    return methods?.map((method) => {
      const item = new vscode.CompletionItem(method.name, vscode.CompletionItemKind.Method);
      item.detail = signatureLines(method)[0];
      if (method.help) item.documentation = method.help;
      return item;
    });
  }

  private async argumentSnippet(file: ParsedRequestFile, position: vscode.Position): Promise<vscode.CompletionItem[] | undefined> {
    const call = callAtLine(file, position.line);
    if (!call?.keyword || !call.method || position.line <= call.keyword.range.start.line) return undefined;
    if (call.expect && position.line >= call.expect.range.start.line) return undefined;
    if (call.headers.some((h) => h.range.start.line === position.line)) return undefined;
    const url = callUrl(file, call, this.variables);
    if (!url) return undefined;
    const method = (this.catalog.known(url) ?? (await this.catalog.of(url)))?.find((m) => m.name === call.method!.token.text);
    const params = method ? parameterExamples(method) : undefined;
    if (!method || !params?.length) return undefined;
    const snippet = new vscode.SnippetString();
    params.forEach((p, i) => {
      if (i > 0) snippet.appendText(', ');
      if (p.example.startsWith('"') && p.example.endsWith('"')) {
        snippet.appendText('"');
        snippet.appendPlaceholder(p.example.slice(1, -1));
        snippet.appendText('"');
      } else snippet.appendPlaceholder(p.example);
    });
    const item = new vscode.CompletionItem(`${method.name} arguments`, vscode.CompletionItemKind.Snippet);
    item.insertText = snippet;
    item.detail = signatureLines(method)[0];
    item.documentation = params.map((p) => p.name).join(', ');
    return [item];
  }

  private references(file: ParsedRequestFile, position: vscode.Position, typed: number): vscode.CompletionItem[] {
    const range = new vscode.Range(position.line, position.character - typed, position.line, position.character);
    const items: vscode.CompletionItem[] = [];
    const add = (label: string, kind: vscode.CompletionItemKind, detail: string) => {
      const item = new vscode.CompletionItem(label, kind);
      item.detail = detail;
      item.range = range;
      items.push(item);
    };
    const seen = new Set<string>();
    for (const definition of file.variables) {
      if (seen.has(definition.name.text)) continue;
      seen.add(definition.name.text);
      add(definition.name.text, vscode.CompletionItemKind.Variable, definition.value.text);
    }
    for (const name of Object.keys(this.variables.environment().variables ?? {})) if (!seen.has(name)) add(name, vscode.CompletionItemKind.Variable, vscode.l10n.t('environment {0}', this.variables.environmentName ?? ''));
    const current = callAtLine(file, position.line);
    for (const call of file.calls) {
      if (call.name && (!current || call.index < current.index)) add(`${call.name.text}.result`, vscode.CompletionItemKind.Field, call.method ? vscode.l10n.t('result of {0}', call.method.token.text) : vscode.l10n.t('result of the call'));
    }
    add('$env ', vscode.CompletionItemKind.Keyword, vscode.l10n.t('an environment variable'));
    add('$secret ', vscode.CompletionItemKind.Keyword, vscode.l10n.t('a secret (Set Request File Secret…)'));
    return items;
  }
}

export class RequestHovers implements vscode.HoverProvider {
  constructor(
    private readonly parsed: ParsedDocuments,
    private readonly variables: EditorVariables,
    private readonly catalog: MethodCatalog,
  ) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const file = this.parsed.get(document);
    const call = callAtLine(file, position.line);
    const token = call?.method?.token;
    if (!call || !token || !toRange(token.range).contains(position)) return undefined;
    const url = callUrl(file, call, this.variables);
    if (!url) return undefined;
    const method: MethodInfo | undefined = (this.catalog.known(url) ?? (await this.catalog.of(url)))?.find((m) => m.name === token.text);
    if (!method) return undefined;
    const markdown = new vscode.MarkdownString();
    const lines = signatureLines(method);
    if (lines.length) markdown.appendCodeblock(lines.join('\n'), 'text');
    if (method.help) markdown.appendText(method.help);
    if (!lines.length && !method.help) markdown.appendText(vscode.l10n.t('{0}: the server describes no signature or help.', method.name));
    return new vscode.Hover(markdown, toRange(token.range));
  }
}

export class RequestOutline implements vscode.DocumentSymbolProvider, vscode.FoldingRangeProvider {
  constructor(private readonly parsed: ParsedDocuments) {}

  provideDocumentSymbols(document: vscode.TextDocument): vscode.DocumentSymbol[] {
    return this.parsed.get(document).calls.map((call) => {
      const range = toRange(call.range);
      const selection = call.keyword ? toRange((call.separator ?? call.keyword).range) : range;
      const name = call.title || call.name?.text || call.method?.token.text || `call ${call.index + 1}`;
      return new vscode.DocumentSymbol(name, call.method?.token.text ?? '', vscode.SymbolKind.Function, range, range.contains(selection) ? selection : range);
    });
  }

  provideFoldingRanges(document: vscode.TextDocument): vscode.FoldingRange[] {
    return this.parsed
      .get(document)
      .calls.filter((call) => call.range.end.line > call.range.start.line)
      .map((call) => new vscode.FoldingRange(call.range.start.line, call.range.end.line, vscode.FoldingRangeKind.Region));
  }
}

export function registerLanguageProviders(
  parsed: ParsedDocuments,
  variables: EditorVariables,
  catalog: MethodCatalog,
  registry: EndpointRegistry,
  verdicts: CallVerdicts,
): { disposables: vscode.Disposable[]; diagnostics: RequestDiagnostics } {
  const diagnostics = new RequestDiagnostics(parsed, variables, catalog, registry);
  const outline = new RequestOutline(parsed);
  return {
    diagnostics,
    disposables: [
      diagnostics,
      vscode.languages.registerCodeLensProvider(SELECTOR, new RequestCodeLenses(parsed, verdicts, variables)),
      vscode.languages.registerCompletionItemProvider(SELECTOR, new RequestCompletions(parsed, variables, catalog, registry), ' ', '{'),
      vscode.languages.registerHoverProvider(SELECTOR, new RequestHovers(parsed, variables, catalog)),
      vscode.languages.registerDocumentSymbolProvider(SELECTOR, outline),
      vscode.languages.registerFoldingRangeProvider(SELECTOR, outline),
    ],
  };
}
