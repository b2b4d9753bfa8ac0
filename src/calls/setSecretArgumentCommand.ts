import * as vscode from 'vscode';
import type { EndpointRegistry, EndpointTarget } from '../endpoints/endpointTypes';
import { endpointLabel } from '../endpoints/endpointUrl';
import type { RequestHeaders } from '../requests/requestHeaders';
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
    const url = target?.url ?? (await pickEndpoint(this.registry.list(), 'Set Secret First Argument: endpoint'))?.config.url;
    if (!url) return false;
    const label = endpointLabel(this.registry.get(url)?.config ?? { url });
    const current = await this.headers.leadingArgument(url);
    const typed = await vscode.window.showInputBox({
      title: `Secret first argument of every call to ${label}`,
      prompt: `Typed JSON or plain text, e.g. token:SECRET for aria2. Kept in the OS keychain (SecretStorage), shown as ${maskedArgument('token:x')}. Empty removes it.`,
      placeHolder: current === undefined ? 'token:…' : `now: ${maskedArgument(current)}`,
      password: true,
      ignoreFocusOut: true,
    });
    if (typed === undefined) return false;
    await this.headers.setLeadingArgument(url, typed);
    void vscode.window.showInformationMessage(
      typed.trim() === '' ? `Calls to ${label} no longer start with a secret argument.` : `Every call to ${label} now starts with ${maskedArgument(typed.trim())}.`,
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
