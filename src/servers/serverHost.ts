/**
 * What the server lifecycle needs from VS Code, behind one narrow interface (as vscode-python-debugger's
 * src/extension/common/vscodeapi.ts): saves, messages, the context key, localized text, and the clock. The
 * extension passes `vscodeServerHost()` (./vscodeServerHost.ts); unit tests pass their own, with a clock they advance.
 */
import type { Clock } from './clock';

export interface HostDisposable {
  dispose(): void;
}

export interface ServerHost {
  readonly clock: Clock;
  /** A file on disk was saved (its path). */
  onDidSaveFile(listener: (file: string) => void): HostDisposable;
  showError(message: string): void;
  /** The `rpcExplorer.serverRunning` context key (Stop Server in the palette and the editor title). */
  setServerRunning(running: boolean): void;
  /** vscode.l10n.t: the message in the interface's language, {0}… filled in. */
  t(message: string, ...args: (string | number)[]): string;
}
