import * as vscode from 'vscode';
import type { WorkspaceEndpointRegistry } from '../explorer/endpointRegistry';
import { displayUrl } from '../explorer/endpointUrl';
import type { ExplorerNode } from '../explorer/methodTree';
import { pickEndpoint } from './pickers';
import type { RequestHeaders } from './requestHeaders';
import { looksSecret } from './secretMasking';

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/**
 * "RPC Explorer: Set Request Header…": a header for one endpoint. Secret-looking values (Authorization, tokens,
 * keys) go to SecretStorage, others to the `rpcExplorer.headers` setting; an empty value removes the header.
 */
export class SetHeaderCommand {
  constructor(
    private readonly registry: WorkspaceEndpointRegistry,
    private readonly headers: RequestHeaders,
  ) {}

  async execute(target?: ExplorerNode | string): Promise<void> {
    const url = typeof target === 'string' ? target : target?.url ?? (await pickEndpoint(this.registry.list(), 'Set Request Header: endpoint'))?.config.url;
    if (!url) return;
    const label = this.registry.get(url)?.config.name ?? displayUrl(url);
    const existing = await this.headers.describe(url);
    const items: (vscode.QuickPickItem & { name?: string })[] = [
      { label: '$(add) Add a header…' },
      ...existing.map((h) => ({ label: h.name, description: h.secret ? '$(lock) in the OS keychain' : 'in settings', name: h.name })),
      ...['Authorization', 'X-API-Key'].filter((n) => !existing.some((h) => h.name.toLowerCase() === n.toLowerCase())).map((name) => ({ label: name, description: 'common', name })),
    ];
    const picked = await vscode.window.showQuickPick(items, { title: `Request headers of ${label}`, placeHolder: 'Pick a header to set, change or remove' });
    if (!picked) return;
    const name =
      picked.name ??
      (await vscode.window.showInputBox({
        title: `Request header for ${label}: name`,
        placeHolder: 'X-Tenant',
        validateInput: (value) => (HEADER_NAME.test(value.trim()) ? undefined : 'A header name: letters, digits and - only'),
      }));
    if (!name) return;
    const secretName = looksSecret(name, '');
    const value = await vscode.window.showInputBox({
      title: `${name} for ${label}`,
      prompt: secretName
        ? 'Stored in the OS keychain (SecretStorage), never in settings or logs. Empty removes the header.'
        : 'Values that look like credentials (e.g. "Bearer …") go to the OS keychain. Empty removes the header.',
      password: secretName,
      ignoreFocusOut: true,
      validateInput: (v) => (/[\r\n]/.test(v) ? 'A header value cannot contain line breaks' : undefined),
    });
    if (value === undefined) return;
    const where = await this.headers.set(url, name.trim(), value.trim());
    const message =
      where === 'removed'
        ? `Removed header ${name} for ${label}.`
        : where === 'secret'
          ? `Header ${name} for ${label} stored in the OS keychain (SecretStorage).`
          : `Header ${name} for ${label} saved in the "rpcExplorer.headers" setting.`;
    void vscode.window.showInformationMessage(message);
  }
}
