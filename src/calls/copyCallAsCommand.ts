import * as vscode from 'vscode';
import { describeError, detectProtocol, parseArgumentList, resolveCallUrl, type CallOptions, type Protocol, type TypedValue } from '../core';
import { buildSnippet, SNIPPET_KINDS, SNIPPET_LABELS, type SnippetKind } from '../core/snippets';
import type { EndpointRegistry } from '../endpoints/endpointTypes';
import type { RequestHeaders } from '../callOptions/requestHeaders';
import type { ResultView } from '../views/resultPanel';
import type { CallHistory, HistoryEntry } from './callHistory';

/** A call to copy: the endpoint as the registry knows it, the method, and the arguments (typed, or as typed). */
export interface CopyTarget {
  url: string;
  method: string;
  args?: TypedValue[] | string;
}

function kindDetails(): Record<SnippetKind, string> {
  return {
    curl: vscode.l10n.t('the exact request body, for a shell'),
    python: vscode.l10n.t('xmlrpc.client, hprose or urllib: Python 3'),
    node: vscode.l10n.t('fetch: Node.js 18 or later'),
    cli: vscode.l10n.t('an rpc-explorer call line'),
    k6: vscode.l10n.t('a k6 load-test script: the same body, checked for a fault'),
  };
}

/**
 * "Copy Call As…": a call as curl, Python, Node.js or an `rpc-explorer call` line, on the clipboard. Headers and the
 * secret first argument come from the endpoint's settings and SecretStorage; credentials become environment-variable
 * references in the snippet, never values.
 */
export class CopyCallAsCommand {
  constructor(
    private readonly registry: EndpointRegistry,
    private readonly headers: RequestHeaders,
    private readonly history: CallHistory,
    private readonly optionsFor: (url: string) => Promise<CallOptions>,
  ) {}

  /** Asks for the kind, then copies; from a method node without arguments, the last ones used for that method. */
  async interactive(target: CopyTarget | undefined): Promise<void> {
    if (!target) {
      void vscode.window.showInformationMessage(vscode.l10n.t('Copy Call As… works on a method in the RPC Explorer view, the RPC Result panel or a Call History entry.'));
      return;
    }
    const details = kindDetails();
    const picked = await vscode.window.showQuickPick(
      SNIPPET_KINDS.map((kind) => ({ label: SNIPPET_LABELS[kind], description: details[kind], snippetKind: kind })),
      { title: vscode.l10n.t('Copy Call As: {0}', target.method), placeHolder: vscode.l10n.t('Copy the call as…') },
    );
    if (!picked) return;
    try {
      await this.copy(target, picked.snippetKind);
    } catch (error) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Copy Call As {0}: {1}', picked.label, describeError(error)));
    }
  }

  /** Puts the snippet on the clipboard and says so in the status bar; returns the snippet. */
  async copy(target: CopyTarget, kind: SnippetKind): Promise<string> {
    const text = await this.snippet(target, kind);
    await vscode.env.clipboard.writeText(text);
    vscode.window.setStatusBarMessage(`$(check) ${vscode.l10n.t('{0} copied as {1}', target.method, SNIPPET_LABELS[kind])}`, 4000);
    return text;
  }

  /** The snippet of a call; arguments omitted are the last ones used for the method (none when it was never called). */
  async snippet(target: CopyTarget, kind: SnippetKind): Promise<string> {
    const args = this.argumentsOf(target);
    const { protocol, url } = await this.endpointOf(target.url);
    const headers = await this.headers.headersFor(target.url);
    const secretHeaders = (await this.headers.describe(target.url)).filter((h) => h.secret).map((h) => h.name);
    const leading = await this.headers.leadingArgument(target.url);
    return buildSnippet(kind, { url, protocol, method: target.method, args, headers, secretHeaders, leadingArgs: leading === undefined ? undefined : [leading] });
  }

  /** The call a result view shows: its entry in the history (recorded once the outcome was on screen). */
  targetOfResult(view: Pick<ResultView, 'method' | 'argsText' | 'startedAt'>): CopyTarget | undefined {
    // Arguments too long for the history are still in the view: they are the ones copied.
    const sameArgs = (e: HistoryEntry) => e.argsText === view.argsText || e.argsNotKept === view.argsText.length;
    const entry = this.history.entries().find((e) => e.at === view.startedAt && e.method === view.method && sameArgs(e));
    return entry && { url: entry.endpointUrl, method: entry.method, args: view.argsText };
  }

  private argumentsOf(target: CopyTarget): TypedValue[] {
    const given = target.args ?? this.history.lastArgs(target.url, target.method) ?? '';
    if (Array.isArray(given)) return given;
    const parsed = parseArgumentList(given);
    if (!parsed.ok) throw new Error(vscode.l10n.t('the arguments are not valid typed JSON: {0}', parsed.error));
    return parsed.args;
  }

  /** The protocol and the URL a call goes to, as the call runner works them out. */
  private async endpointOf(endpointUrl: string): Promise<{ protocol: Protocol; url: string }> {
    const options = await this.optionsFor(endpointUrl);
    let protocol = this.registry.knownProtocol(endpointUrl);
    const configured = this.registry.get(endpointUrl)?.config.protocol;
    if (!protocol && configured && configured !== 'auto') protocol = configured;
    if (!protocol) protocol = (await detectProtocol(this.registry.callUrl(endpointUrl), options)).protocol;
    return { protocol, url: await resolveCallUrl(this.registry.callUrl(endpointUrl), protocol, options) };
  }
}

/**
 * What the command was run on: a method node of the explorer, a Call History entry or the documented form
 * `{ url | endpointUrl, method, args? }`.
 */
export function copyTargetOf(value: unknown): CopyTarget | undefined {
  const object = value as { kind?: unknown; url?: unknown; endpointUrl?: unknown; method?: unknown; args?: unknown; argsText?: unknown } | undefined;
  if (!object || typeof object !== 'object') return undefined;
  const url = typeof object.endpointUrl === 'string' ? object.endpointUrl : object.url;
  if (typeof url !== 'string') return undefined;
  if (object.kind === 'method' && object.method && typeof (object.method as { name?: unknown }).name === 'string') {
    return { url, method: (object.method as { name: string }).name };
  }
  if (typeof object.method !== 'string') return undefined;
  const args = Array.isArray(object.args) || typeof object.args === 'string' ? (object.args as TypedValue[] | string) : typeof object.argsText === 'string' ? object.argsText : undefined;
  return { url, method: object.method, args };
}
