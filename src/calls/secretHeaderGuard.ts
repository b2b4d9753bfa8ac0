import * as vscode from 'vscode';
import type { RequestHeaders } from '../requests/requestHeaders';

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
    const more = found.length > 1 ? ` and ${found.length - 1} more` : '';
    void vscode.window
      .showWarningMessage(
        `"rpcExplorer.headers" holds a credential in plain settings (${first.name} for ${first.url}${more}). Move it to the OS keychain (SecretStorage)?`,
        'Move to Keychain',
        'Not Now',
      )
      .then(async (action) => {
        if (action !== 'Move to Keychain') return;
        const moved = await headers.moveSecretsToKeychain();
        void vscode.window.showInformationMessage(`Moved ${moved} header${moved === 1 ? '' : 's'} to the OS keychain; settings no longer hold ${moved === 1 ? 'it' : 'them'}.`);
      });
  };
  check();
  return vscode.workspace.onDidChangeConfiguration((event) => {
    if (event.affectsConfiguration('rpcExplorer.headers')) check();
  });
}
