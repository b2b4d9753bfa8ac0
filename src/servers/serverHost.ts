/**
 * What the server lifecycle needs from VS Code, behind one narrow interface (as vscode-python-debugger's
 * src/extension/common/vscodeapi.ts): saves, messages, the context key, and the clock (messages are localized with @vscode/l10n, as in src/core). The
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
}
