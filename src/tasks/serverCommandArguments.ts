import * as vscode from 'vscode';
import { serverTaskOptionsFrom, type ServerTaskOptions } from './serverTaskDefinition';

/**
 * `rpcExplorer.startServer([uri], [options])`: a Uri (the editor title's) or a path, else the active editor; options
 * are task properties. `startServer(options)` is the active editor with options.
 */
export function startServerArguments(file: unknown, options: unknown): { uri?: vscode.Uri; options: ServerTaskOptions } {
  if (file instanceof vscode.Uri) return { uri: file, options: serverTaskOptionsFrom(options) };
  if (typeof file === 'string') return { uri: vscode.Uri.file(file), options: serverTaskOptionsFrom(options) };
  return { options: serverTaskOptionsFrom(file === undefined ? options : file) };
}
