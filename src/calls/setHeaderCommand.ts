import * as vscode from 'vscode';
import type { EndpointRegistry, EndpointTarget } from '../endpoints/endpointTypes';
import { endpointLabel } from '../endpoints/endpointUrl';
import { pickEndpoint } from '../views/pickers';
import type { RequestHeaders } from '../callOptions/requestHeaders';
import { RpcError, looksSecret } from '../core';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * "RPC Explorer: Set Request Header…": a header for one endpoint. Secret-looking values (Authorization, tokens,
 * keys) go to SecretStorage, others to the `rpcExplorer.headers` setting; an empty value removes the header.
 */
export class SetHeaderCommand {
  constructor(
    private readonly registry: EndpointRegistry,
    private readonly headers: RequestHeaders,
  ) {}

  /** Sets (an empty value removes) one header without asking anything; returns where it went. */
  async set(url: string, name: string, value: string): Promise<'secret' | 'setting' | 'removed'> {
    if (!HEADER_NAME.test(name.trim()) || /[\r\n]/.test(value)) throw new RpcError('usage', vscode.l10n.t('invalid header {0}', JSON.stringify(name)));
    return this.headers.set(url, name.trim(), value.trim());
  }

  /** From a node of the tree, or the palette (the endpoint is picked). */
  async interactive(target?: EndpointTarget): Promise<'secret' | 'setting' | 'removed' | undefined> {
    const url = target?.url ?? (await pickEndpoint(this.registry.list(), vscode.l10n.t('Set Request Header: endpoint')))?.config.url;
    if (!url) return undefined;
    const label = endpointLabel(this.registry.get(url)?.config ?? { url });
    const existing = await this.headers.describe(url);
    const items: (vscode.QuickPickItem & { name?: string })[] = [
      { label: `$(add) ${vscode.l10n.t('Add a header…')}` },
      ...existing.map((h) => ({ label: h.name, description: h.secret ? `$(lock) ${vscode.l10n.t('in the OS keychain')}` : vscode.l10n.t('in settings'), name: h.name })),
      ...['Authorization', 'X-API-Key'].filter((n) => !existing.some((h) => h.name.toLowerCase() === n.toLowerCase())).map((name) => ({ label: name, description: vscode.l10n.t('common'), name })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Request headers of {0}', label), placeHolder: vscode.l10n.t('Pick a header to set, change or remove') });
    if (!picked) return undefined;
    const headerName =
      picked.name ??
      (await vscode.window.showInputBox({
        title: vscode.l10n.t('Request header for {0}: name', label),
        placeHolder: 'X-Tenant',
        validateInput: (value) => (HEADER_NAME.test(value.trim()) ? undefined : vscode.l10n.t('A header name: letters, digits and - only')),
      }));
    if (!headerName) return undefined;
    const secretName = looksSecret(headerName, '');
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('{0} for {1}', headerName, label),
      prompt: secretName
        ? vscode.l10n.t('Stored in the OS keychain (SecretStorage), never in settings or logs. Empty removes the header.')
        : vscode.l10n.t('Values that look like credentials (e.g. "Bearer …") go to the OS keychain. Empty removes the header.'),
      password: secretName,
      ignoreFocusOut: true,
      validateInput: (v) => (/[\r\n]/.test(v) ? vscode.l10n.t('A header value cannot contain line breaks') : undefined),
    });
    if (typed === undefined) return undefined;
    const where = await this.headers.set(url, headerName.trim(), typed.trim());
    const message =
      where === 'removed'
        ? vscode.l10n.t('Removed header {0} for {1}.', headerName, label)
        : where === 'secret'
          ? vscode.l10n.t('Header {0} for {1} stored in the OS keychain (SecretStorage).', headerName, label)
          : vscode.l10n.t('Header {0} for {1} saved in the "rpcExplorer.headers" setting.', headerName, label);
    void vscode.window.showInformationMessage(message);
    return where;
  }
}
