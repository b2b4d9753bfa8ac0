import * as vscode from 'vscode';
import type { Candidate } from './serverRuntime';
import * as settings from '../settings';

/** The Python extension's API, as much of it as is read here (both its current and its older shape). */
interface PythonExtensionApi {
  environments?: { getActiveEnvironmentPath?(resource?: vscode.Uri): { path?: string } | undefined };
  settings?: { getExecutionDetails?(resource?: vscode.Uri): { execCommand?: string[] } | undefined };
}

const PYTHON_EXTENSION_ID = 'ms-python.python';
const ACTIVATION_WAIT_MS = 5000;

/**
 * Python interpreters to try for a file, in order: rpcExplorer.server.pythonPath (explicit: an error when
 * missing), the interpreter selected in the Python extension, python.defaultInterpreterPath when set.
 * python3 and python follow in the runtime resolver.
 */
export async function pythonCandidates(resource: vscode.Uri): Promise<Candidate[]> {
  const candidates: Candidate[] = [];
  const folder = vscode.workspace.getWorkspaceFolder(resource)?.uri.fsPath;
  const expand = (value: string) => (folder ? value.replace(/\$\{workspaceFolder\}/g, folder) : value);

  const own = settings.pythonPath(resource);
  if (own) candidates.push({ command: expand(own), source: 'rpcExplorer.server.pythonPath', explicit: true });

  const selected = await pythonExtensionInterpreter(resource);
  if (selected) candidates.push({ command: selected, source: 'the Python extension (Python: Select Interpreter)' });

  const configured = settings.pythonDefaultInterpreterPath(resource);
  if (configured) candidates.push({ command: expand(configured), source: 'python.defaultInterpreterPath', explicit: true });
  return candidates;
}

async function pythonExtensionInterpreter(resource: vscode.Uri): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonExtensionApi>(PYTHON_EXTENSION_ID);
  if (!extension) return undefined;
  try {
    // Activation can be slow (or stuck on a broken environment): it gets a few seconds, not the whole start.
    const api = extension.isActive
      ? extension.exports
      : await Promise.race([extension.activate(), new Promise<undefined>((r) => setTimeout(() => r(undefined), ACTIVATION_WAIT_MS))]);
    const fromEnvironments = api?.environments?.getActiveEnvironmentPath?.(resource)?.path;
    if (fromEnvironments) return fromEnvironments;
    return api?.settings?.getExecutionDetails?.(resource)?.execCommand?.[0];
  } catch {
    return undefined;
  }
}
