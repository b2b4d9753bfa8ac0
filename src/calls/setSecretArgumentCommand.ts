import * as vscode from 'vscode';
import type { EndpointRegistry, EndpointTarget } from '../endpoints/endpointTypes';
import { endpointLabel } from '../endpoints/endpointUrl';
import type { RequestHeaders } from '../callOptions/requestHeaders';
import { pickEndpoint } from '../views/pickers';

/**
 * "RPC Explorer: Set Secret First Argument…": a secret every call to the endpoint takes first (aria2's
 * `token:SECRET`), kept in SecretStorage, shown only as `token:•••`.
 */
export class SetSecretArgumentCommand {
  constructor(
    private readonly registry: EndpointRegistry,
    private readonly headers: RequestHeaders,
  ) {}

  async interactive(target?: EndpointTarget): Promise<boolean> {
    const url = target?.url ?? (await pickEndpoint(this.registry.list(), vscode.l10n.t('Set Secret First Argument: endpoint')))?.config.url;
    if (!url) return false;
    const label = endpointLabel(this.registry.get(url)?.config ?? { url });
    const current = await this.headers.leadingArgument(url);
    const typed = await vscode.window.showInputBox({
      title: vscode.l10n.t('Secret first argument of every call to {0}', label),
      prompt: vscode.l10n.t('Typed JSON or plain text, e.g. {0} for aria2. Kept in the OS keychain (SecretStorage), shown as {1}. Empty removes it.', 'token:SECRET', maskedArgument('token:x')),
      placeHolder: current === undefined ? 'token:…' : vscode.l10n.t('now: {0}', maskedArgument(current)),
      password: true,
      ignoreFocusOut: true,
    });
    if (typed === undefined) return false;
    await this.headers.setLeadingArgument(url, typed);
    void vscode.window.showInformationMessage(
      typed.trim() === ''
        ? vscode.l10n.t('Calls to {0} no longer start with a secret argument.', label)
        : vscode.l10n.t('Every call to {0} now starts with {1}.', label, maskedArgument(typed.trim())),
    );
    return true;
  }
}

/** How a secret argument is shown: its prefix up to a colon (`token:`), the rest as dots. */
export function maskedArgument(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const colon = text.indexOf(':');
  return colon > 0 && colon <= 16 ? `${text.slice(0, colon + 1)}•••` : '•••';
}
