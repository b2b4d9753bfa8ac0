import * as vscode from 'vscode';

/**
 * A feature's commands by id. Each feature folder hands its table to `activate`, which registers them all in one
 * loop: one way to register a command, one place that does it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- vscode.commands.registerCommand's own handler type
export type CommandTable = Record<string, (...args: any[]) => unknown>;

export function registerCommands(...tables: CommandTable[]): vscode.Disposable[] {
  return tables.flatMap((table) => Object.entries(table).map(([id, handler]) => vscode.commands.registerCommand(id, handler)));
}
