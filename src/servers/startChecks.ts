/**
 * What Start Server and Debug Server check before they run a workspace file, in one place: a trusted workspace
 * (a server runs the workspace's code), a file type they can run, and the editor's unsaved text saved first (run
 * what the user sees). A refusal is explained in a message and returned as the start's error.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { StartServerResult } from './serverTypes';

/** Running a workspace file needs a trusted workspace: says so, with a way to manage trust, and starts nothing. */
export function refuseUntrusted(file: string, message: string): StartServerResult {
  const manage = vscode.l10n.t('Manage Workspace Trust');
  void vscode.window.showWarningMessage(message, manage).then((choice) => choice === manage && vscode.commands.executeCommand('workbench.trust.manage'));
  return { file, error: vscode.l10n.t('untrusted workspace') };
}

export interface StartCheckMessages {
  /** Shown in an untrusted workspace. */
  untrusted: string;
  /** Shown for a file it cannot run ({0}: the file's name). */
  unsupported: (name: string) => string;
}

/**
 * The absolute file to run, once the checks pass (its editor saved), or the refusal. `runnable` says whether the
 * file type can run (a language, or a runtime given in the options).
 */
export async function checkStart(file: string, runnable: (absolute: string) => boolean, messages: StartCheckMessages): Promise<{ file: string } | { refused: StartServerResult }> {
  if (!vscode.workspace.isTrusted) return { refused: refuseUntrusted(file, messages.untrusted) };
  const absolute = path.resolve(file);
  if (!runnable(absolute)) {
    void vscode.window.showErrorMessage(messages.unsupported(path.basename(absolute)));
    return { refused: { file: absolute, error: vscode.l10n.t('unsupported file type') } };
  }
  const document = vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'file' && d.uri.fsPath === absolute);
  if (document?.isDirty) await document.save();
  return { file: absolute };
}
