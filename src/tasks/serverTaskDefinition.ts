import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ProtocolChoice } from '../core';

/** The task type contributed in package.json (`taskDefinitions`), and its problem matcher. */
export const SERVER_TASK_TYPE = 'rpc-server';
const SERVER_PROBLEM_MATCHER = '$rpc-server';

/** One `rpc-server` task as written in tasks.json (mirrors package.json's taskDefinitions). */
export interface ServerTaskDefinition extends vscode.TaskDefinition {
  type: typeof SERVER_TASK_TYPE;
  /** The server file, relative to the workspace folder (or absolute). */
  file: string;
  runtime?: string;
  args?: string[];
  cwd?: string;
  env?: Record<string, string>;
  url?: string;
  readyPattern?: string;
  protocol?: ProtocolChoice;
}

/** Options of the programmatic `rpcExplorer.startServer(uri, options)`: the task properties besides type and file. */
export type ServerTaskOptions = Partial<Omit<ServerTaskDefinition, 'type' | 'file'>>;

const OPTION_KEYS = ['runtime', 'args', 'cwd', 'env', 'url', 'readyPattern', 'protocol'] as const;

/** Picks the task options out of a command argument (menus pass other objects there, which are ignored). */
export function serverTaskOptionsFrom(value: unknown): ServerTaskOptions {
  if (!value || typeof value !== 'object' || value instanceof vscode.Uri) return {};
  const source = value as Record<string, unknown>;
  const options: Record<string, unknown> = {};
  for (const key of OPTION_KEYS) if (source[key] !== undefined) options[key] = source[key];
  return options as ServerTaskOptions;
}

export function serverTaskName(file: string, folder: vscode.WorkspaceFolder | undefined): string {
  return `Start RPC server: ${definitionPath(file, folder)}`;
}

/** The path a task definition stores: relative to the folder with forward slashes, absolute outside it. */
export function definitionPath(file: string, folder: vscode.WorkspaceFolder | undefined): string {
  const relative = folder ? path.relative(folder.uri.fsPath, file) : '';
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

/**
 * The server file of a definition as an absolute path. VS Code resolves variables in the definition passed to a
 * CustomExecution; `${workspaceFolder}` is also replaced here for definitions that did not pass through it.
 */
export function resolveDefinitionPath(value: string, folder: vscode.WorkspaceFolder | undefined): string {
  const root = folder?.uri.fsPath ?? vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  const replaced = value.replace(/\$\{workspaceFolder\}/g, root).replace(/\$\{workspaceRoot\}/g, root);
  return path.resolve(root, replaced);
}

export function isServerTaskDefinition(definition: vscode.TaskDefinition): definition is ServerTaskDefinition {
  return definition.type === SERVER_TASK_TYPE && typeof definition.file === 'string' && definition.file.length > 0;
}

/** A background task that runs through our pseudoterminal and carries the `$rpc-server` problem matcher. */
export function createServerTask(
  definition: ServerTaskDefinition,
  scope: vscode.WorkspaceFolder | vscode.TaskScope,
  name: string,
  execution: vscode.CustomExecution,
): vscode.Task {
  const task = new vscode.Task(definition, scope, name, SERVER_TASK_TYPE, execution, [SERVER_PROBLEM_MATCHER]);
  task.isBackground = true;
  task.presentationOptions = {
    reveal: vscode.TaskRevealKind.Always,
    focus: false,
    panel: vscode.TaskPanelKind.Dedicated,
    clear: true,
    showReuseMessage: false,
  };
  return task;
}
