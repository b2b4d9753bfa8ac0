import * as vscode from 'vscode';
import type { CommandTable } from '../common/commandTable';
import type { RequestHeaders } from '../callOptions/requestHeaders';
import { onDidChangeSettings } from '../settings';

/**
 * Credentials belong in the OS keychain, not in settings.json (which is synced and committed). When the
 * `rpcExplorer.headers` setting holds secret-looking values, offer once per set of them to move them.
 */
export function watchSecretHeadersInSettings(headers: RequestHeaders): vscode.Disposable {
  let offered = '';
  const check = () => {
    const found = headers.secretsInSettings();
    const key = JSON.stringify(found);
    if (found.length === 0 || key === offered) return;
    offered = key;
    const first = found[0];
    const message =
      found.length > 1
        ? vscode.l10n.t('"rpcExplorer.headers" holds a credential in plain settings ({0} for {1} and {2} more). Move it to the OS keychain (SecretStorage)?', first.name, first.url, found.length - 1)
        : vscode.l10n.t('"rpcExplorer.headers" holds a credential in plain settings ({0} for {1}). Move it to the OS keychain (SecretStorage)?', first.name, first.url);
    const move = vscode.l10n.t('Move to Keychain');
    void vscode.window.showWarningMessage(message, move, vscode.l10n.t('Not Now')).then((action) => void (action === move && moveSecretHeaders(headers)));
  };
  check();
  return onDidChangeSettings((change) => {
    if (change.affects('headers')) check();
  });
}

/** Moves the secret-looking values of `rpcExplorer.headers` to SecretStorage and says how many; returns the count. */
async function moveSecretHeaders(headers: RequestHeaders): Promise<number> {
  const moved = await headers.moveSecretsToKeychain();
  void vscode.window.showInformationMessage(
    moved === 0
      ? vscode.l10n.t('"rpcExplorer.headers" holds no credential in plain settings: nothing to move.')
      : moved === 1
        ? vscode.l10n.t('Moved 1 header to the OS keychain; settings no longer hold it.')
        : vscode.l10n.t('Moved {0} headers to the OS keychain; settings no longer hold them.', moved),
  );
  return moved;
}

/** "Move Secret Headers to the Keychain": what the warning offers, from the palette (after a Not Now, say). */
export function secretHeaderCommands(headers: RequestHeaders): CommandTable {
  return { 'rpcExplorer.moveSecretHeadersToKeychain': () => moveSecretHeaders(headers) };
}
