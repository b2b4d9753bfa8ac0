/**
 * What Debug Server runs a file with, read before it starts anything: the file's source model, the runtime the task
 * would use, and which debugger runs it (Node's JavaScript debugger, the Python Debugger extension's debugpy, or our
 * `rpc-python` adapter with an interpreter that imports debugpy). A reason instead when it cannot run.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { scanServerSource, type ServerSourceModel } from '../sourceModel';
import { pythonCandidates } from '../tasks/pythonInterpreter';
import { resolveServerRuntime } from '../tasks/serverRuntime';
import type { ServerTaskOptions } from '../tasks/serverTaskDefinition';
import type { DebugLaunchRequest } from './debugConfiguration';
import { findDebugpyInterpreter } from './debugpyInterpreter';

/** The Python Debugger extension: when installed, its `debugpy` debug type runs Python servers. */
const PYTHON_DEBUGGER_EXTENSION_ID = 'ms-python.debugpy';

export interface DebugLaunchPlan {
  scan?: ServerSourceModel;
  kind: DebugLaunchRequest['kind'];
  /** The program the debugger runs the file with (node, tsx…, or the Python interpreter). */
  program: string;
  env: Record<string, string>;
  cwd: string;
}

export async function debugLaunchPlan(
  file: string,
  language: string,
  options: ServerTaskOptions,
  folder: vscode.WorkspaceFolder | undefined,
): Promise<DebugLaunchPlan | { error: string }> {
  const cwd = serverCwd(file, folder, options);
  let scan: ServerSourceModel | undefined;
  let runtime;
  try {
    scan = await scanServerSource(await readFile(file, 'utf8'), file);
    runtime = await resolveServerRuntime({ file, runtime: options.runtime, pythonCandidates: await pythonCandidates(vscode.Uri.file(file)), projectRoot: folder?.uri.fsPath, cwd });
  } catch (error) {
    return { error: (error as Error).message };
  }
  const env: Record<string, string> = { ...runtime.env, ...(options.env ?? {}) };
  if (language !== 'python') return { scan, kind: 'node', program: runtime.command, env, cwd };
  // The Python Debugger extension ships its own debugpy: the task's interpreter runs the server.
  if (vscode.extensions.getExtension(PYTHON_DEBUGGER_EXTENSION_ID)) return { scan, kind: 'debugpy', program: runtime.command, env, cwd };
  const found = await findDebugpyInterpreter(runtime.command);
  if (!found) {
    return {
      error: vscode.l10n.t(
        'RPC Explorer: debugging {0} needs debugpy, which {1} cannot import. Install it (pip install debugpy, or apt install python3-debugpy on Debian/Ubuntu) or install the Python Debugger extension.',
        path.basename(file),
        runtime.command,
      ),
    };
  }
  return { scan, kind: 'rpc-python', program: found.command, env, cwd };
}

/** The task's cwd (relative to the workspace folder) or the file's folder. */
function serverCwd(file: string, folder: vscode.WorkspaceFolder | undefined, options: ServerTaskOptions): string {
  return options.cwd ? path.resolve(folder?.uri.fsPath ?? path.dirname(file), options.cwd) : path.dirname(file);
}
