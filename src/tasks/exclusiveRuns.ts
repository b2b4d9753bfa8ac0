import type * as vscode from 'vscode';

/** How a kind of run (a server task, a debugged server) stops its run of a file: false when it had none. */
export type StopRunOf = (file: string) => Promise<boolean>;

/**
 * Start Server and Debug Server each end the other's run of the same file first. Each kind registers how it stops a
 * file when its feature loads, and asks here to stop the others before it starts one: neither needs the other.
 */
export class ExclusiveRuns {
  private readonly stoppers = new Map<string, StopRunOf>();

  register(kind: string, stop: StopRunOf): vscode.Disposable {
    this.stoppers.set(kind, stop);
    return { dispose: () => this.stoppers.delete(kind) };
  }

  /** Stops every other kind's run of `file`; resolves when they have stopped, true when one ran. */
  async stopOthers(kind: string, file: string): Promise<boolean> {
    const stopped = await Promise.all([...this.stoppers].filter(([other]) => other !== kind).map(([, stop]) => stop(file)));
    return stopped.some(Boolean);
  }
}
