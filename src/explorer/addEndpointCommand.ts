import * as vscode from 'vscode';
import { PROTOCOL_REGISTRY, type ProtocolChoice } from '../core';
import { acceptEndpointUrl, type CredentialKeeper } from '../endpoints/endpointCredentials';
import type { Endpoint, EndpointRegistry, RevealEndpoint } from '../endpoints/endpointTypes';
import { checkEndpointUrl, displayUrl, endpointUrlProblem, storedEndpointUrl } from '../endpoints/endpointUrl';

/** What Enter on the empty URL box adds: the address the examples listen on (the box's placeholder). */
const DEFAULT_URL = 'http://127.0.0.1:8889';

/** Auto-detect first, then every protocol of the registry, in its order. */
export function protocolItems(): (vscode.QuickPickItem & { protocol: ProtocolChoice })[] {
  return [
    { label: `$(search) ${vscode.l10n.t('Auto-detect')}`, description: vscode.l10n.t('ask {0} in turn', PROTOCOL_REGISTRY.map((d) => d.label).join(', ')), protocol: 'auto' },
    ...PROTOCOL_REGISTRY.map((descriptor) => ({
      label: descriptor.label,
      description: descriptor.defaultPaths.length ? vscode.l10n.t('usually at {0}', descriptor.defaultPaths.join(', ')) : undefined,
      protocol: descriptor.id,
    })),
  ];
}

/**
 * "RPC Explorer: Add Endpoint": URL box validated as you type, protocol picked (auto-detect first), discovery
 * with progress, then the endpoint is revealed and expanded. A password in the URL goes to SecretStorage.
 */
export class AddEndpointCommand {
  constructor(
    private readonly registry: EndpointRegistry,
    private readonly reveal: RevealEndpoint,
    private readonly credentials: CredentialKeeper,
  ) {}

  /** Adds without asking anything; resolves to the endpoint after discovery. */
  async add(url: string, options: { protocol?: ProtocolChoice; name?: string } = {}): Promise<Endpoint> {
    const stored = await acceptEndpointUrl(checkEndpointUrl(url), this.credentials);
    const endpoint = await this.registry.add({ url: stored, protocol: options.protocol ?? 'auto', ...(options.name ? { name: options.name } : {}) });
    void this.reveal(endpoint.config.url);
    return this.registry.get(stored) ?? endpoint;
  }

  async interactive(): Promise<Endpoint | undefined> {
    let typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Add RPC Endpoint (1/2): URL'),
      prompt: vscode.l10n.t('The server URL: XML-RPC, JSON-RPC 2.0 or hprose over HTTP(S). A path is optional.'),
      placeHolder: DEFAULT_URL,
      ignoreFocusOut: true,
      validateInput: (value) => {
        const problem = endpointUrlProblem(value);
        if (value.trim() === '') return { message: vscode.l10n.t('Enter alone adds {0}', DEFAULT_URL), severity: vscode.InputBoxValidationSeverity.Info };
        if (problem) return problem;
        return this.registry.get(storedEndpointUrl(value))
          ? { message: vscode.l10n.t('Already in the explorer: it will be discovered again'), severity: vscode.InputBoxValidationSeverity.Info }
          : undefined;
      },
    });
    if (typed === undefined) return undefined;
    // Enter on the empty box: the address its placeholder shows (the examples' default), not a silent cancel.
    if (typed.trim() === '') typed = DEFAULT_URL;
    if (endpointUrlProblem(typed)) return undefined;
    const url = await acceptEndpointUrl(typed, this.credentials);
    const picked = await vscode.window.showQuickPick(protocolItems(), {
      title: vscode.l10n.t('Add RPC Endpoint (2/2): protocol'),
      placeHolder: vscode.l10n.t('Protocol of {0}', displayUrl(url)),
      ignoreFocusOut: true,
    });
    if (!picked) return undefined;
    const adding = this.registry.add({ url, protocol: picked.protocol });
    // Show the node (spinning) while discovery runs, then expanded with its methods.
    await new Promise((resolve) => setTimeout(resolve, 0));
    void this.reveal(url);
    const endpoint = await adding;
    await this.reveal(url);
    if (endpoint.state.status === 'error') {
      const state = endpoint.state;
      const retry = vscode.l10n.t('Retry');
      const showLog = vscode.l10n.t('Show Log');
      void vscode.window.showWarningMessage(`${displayUrl(url)}: ${state.hint ?? state.message}`, retry, showLog).then((action) => {
        if (action === retry) void this.registry.refresh(url).then(() => this.reveal(url));
        if (action === showLog) void vscode.commands.executeCommand('rpcExplorer.showLog');
      });
    }
    return endpoint;
  }
}
