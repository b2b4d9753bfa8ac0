import * as vscode from 'vscode';

/**
 * A feature whose code is a chunk loaded on first use (see esbuild.js). Until it loads, its commands are stand-ins
 * here: the first one run loads the feature, which registers the real commands, and is then run again with the same
 * arguments. `get` loads it from anywhere else (a document of its language opening, the typed API).
 */
export class LazyFeature<T> implements vscode.Disposable {
  private loaded: T | undefined;
  private standIns: vscode.Disposable[];

  constructor(
    commandIds: readonly string[],
    private readonly load: () => T,
  ) {
    this.standIns = commandIds.map((id) =>
      vscode.commands.registerCommand(id, (...args: unknown[]) => {
        this.get();
        return vscode.commands.executeCommand(id, ...args);
      }),
    );
  }

  get isLoaded(): boolean {
    return this.loaded !== undefined;
  }

  get(): T {
    if (this.loaded === undefined) {
      // The feature registers the same command ids: the stand-ins go first.
      this.dispose();
      this.loaded = this.load();
    }
    return this.loaded;
  }

  dispose(): void {
    for (const standIn of this.standIns) standIn.dispose();
    this.standIns = [];
  }
}
