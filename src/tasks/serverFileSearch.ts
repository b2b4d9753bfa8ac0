import { readFile, stat } from 'node:fs/promises';
import * as vscode from 'vscode';
import { mayServeRpc, sourceLanguageOf } from '../sourceModel';

export const SERVER_FILES = '**/*.{py,pyw,js,mjs,cjs,ts,mts,cts}';
const EXCLUDED = '**/{node_modules,.git,.venv,venv,env,__pycache__,site-packages,dist,out,build,.vscode-test,coverage}/**';
const MAX_FILES = 2000;
const MAX_FILE_BYTES = 1024 * 1024;

export interface ServerFileCandidate {
  uri: vscode.Uri;
  folder: vscode.WorkspaceFolder;
  text: string;
}

/**
 * The workspace files that may be servers, with their text, in path order: the cheap part of task detection (a look
 * at the text, mayServeRpc), so a workspace without one loads no parser and no task code.
 */
export async function serverFileCandidates(): Promise<ServerFileCandidate[]> {
  const uris = await vscode.workspace.findFiles(SERVER_FILES, EXCLUDED, MAX_FILES);
  const found: ServerFileCandidate[] = [];
  for (const uri of uris.sort((a, b) => a.fsPath.localeCompare(b.fsPath))) {
    if (uri.scheme !== 'file' || uri.fsPath.endsWith('.d.ts')) continue;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    const language = sourceLanguageOf(uri.fsPath);
    if (!folder || !language) continue;
    try {
      if ((await stat(uri.fsPath)).size > MAX_FILE_BYTES) continue;
      const text = await readFile(uri.fsPath, 'utf8');
      if (mayServeRpc(text, language)) found.push({ uri, folder, text });
    } catch {
      // unreadable file: not offered
    }
  }
  return found;
}
