/**
 * A base for classes that own disposables (event subscriptions, emitters, watchers): `_register` hands one over, and
 * `dispose` disposes them all once, in the order they came. A disposable registered after `dispose` is disposed at
 * once, so a late subscription cannot outlive its owner. (As vscode-pull-request-github's src/common/lifecycle.ts.)
 */
import type * as vscode from 'vscode';

export abstract class Disposable implements vscode.Disposable {
  private readonly owned: vscode.Disposable[] = [];
  private disposed = false;

  protected get isDisposed(): boolean {
    return this.disposed;
  }

  /** Takes ownership of `disposable` and returns it. */
  protected _register<T extends vscode.Disposable>(disposable: T): T {
    if (this.disposed) disposable.dispose();
    else this.owned.push(disposable);
    return disposable;
  }

  /** Takes ownership of several at once (a constructor's subscriptions). */
  protected _registerAll(...disposables: vscode.Disposable[]): void {
    for (const disposable of disposables) this._register(disposable);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    for (const disposable of this.owned.splice(0)) disposable.dispose();
  }
}
