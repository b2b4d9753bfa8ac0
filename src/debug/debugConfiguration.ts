/**
 * The launch configurations Debug Server starts: VS Code's JavaScript debugger (`node`) for .js/.mjs/.cjs/.ts
 * files, debugpy (the Python Debugger extension's `debugpy` type, or our own `rpc-python` type running
 * `python -m debugpy.adapter`) for .py files. Pure (no vscode): the shape is unit-tested.
 */
import * as path from 'node:path';

import { DEBUGPY_DEBUG_TYPE, RPC_PYTHON_DEBUG_TYPE } from './debugTypes';

export { DEBUGPY_DEBUG_TYPE, RPC_PYTHON_DEBUG_TYPE } from './debugTypes';
/** Marks the sessions Debug Server started (and their child sessions' root): its value is the server's id. */
export const SERVER_ID_KEY = 'rpcExplorerServerId';

export interface DebugLaunchRequest {
  /** Which debugger: Node's, or debugpy through the Python Debugger extension or through our adapter. */
  kind: 'node' | 'debugpy' | 'rpc-python';
  id: string;
  name: string;
  file: string;
  cwd: string;
  args: string[];
  /** The task's env (on top of the extension host's, which both debuggers pass on). */
  env: Record<string, string>;
  /** The program that runs the file: node (or tsx / ts-node), or the Python interpreter. */
  runtime: string;
  /** Arguments the runtime needs before the file (none for Python: debugpy runs the program itself). */
  runtimeArgs?: string[];
}

export interface LaunchConfiguration {
  type: string;
  request: 'launch';
  name: string;
  [key: string]: unknown;
}

export function launchConfiguration(request: DebugLaunchRequest): LaunchConfiguration {
  const common = { request: 'launch' as const, name: request.name, program: request.file, cwd: request.cwd, args: request.args, [SERVER_ID_KEY]: request.id };
  if (request.kind === 'node') {
    return {
      type: 'node',
      ...common,
      runtimeExecutable: request.runtime,
      runtimeArgs: request.runtimeArgs ?? [],
      env: request.env,
      // The ready line is read from the debugger's output events: capture the process's stdout and stderr there.
      console: 'internalConsole',
      outputCapture: 'std',
      skipFiles: ['<node_internals>/**'],
      // A .ts server run through tsx / ts-node is a child of the runtime: the debugger follows it.
      autoAttachChildProcesses: true,
    };
  }
  return {
    type: request.kind === 'debugpy' ? DEBUGPY_DEBUG_TYPE : RPC_PYTHON_DEBUG_TYPE,
    ...common,
    python: request.runtime,
    // Unbuffered, so the ready line arrives when printed (as in the task).
    env: { PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'utf-8', ...request.env },
    console: 'internalConsole',
    redirectOutput: true,
    justMyCode: true,
    subProcess: false,
  };
}

/** "examples/python-xmlrpc/server.py" for a file inside the folder, else the file's name (the session's name). */
export function shownPath(file: string, folder: string | undefined): string {
  const relative = folder ? path.relative(folder, file) : '';
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : path.basename(file);
}
