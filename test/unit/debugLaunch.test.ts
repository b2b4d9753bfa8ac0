// Debug Server's pure parts: the launch configurations it hands to the debuggers, and the choice of a Python
// interpreter that imports debugpy (real interpreters: Debian's /usr/bin/python3 has python3-debugpy).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { launchConfiguration, shownPath, SERVER_ID_KEY } from '../../src/debug/debugConfiguration';
import { findDebugpyInterpreter, importsDebugpy } from '../../src/debug/debugpyInterpreter';

const base = { id: 'id-1', name: 'Debug RPC server: server.py', file: '/w/server.py', cwd: '/w', args: ['--x'], env: { PORT: '0' } };

test('Node: the JavaScript debugger launches the file with the runtime, output captured from stdout/stderr', () => {
  const config = launchConfiguration({ ...base, kind: 'node', file: '/w/server.js', runtime: '/usr/bin/node' });
  assert.equal(config.type, 'node');
  assert.equal(config.request, 'launch');
  assert.equal(config.program, '/w/server.js');
  assert.equal(config.runtimeExecutable, '/usr/bin/node');
  assert.equal(config.outputCapture, 'std');
  assert.equal(config.console, 'internalConsole');
  assert.deepEqual(config.args, ['--x']);
  assert.deepEqual(config.env, { PORT: '0' });
  assert.equal(config[SERVER_ID_KEY], 'id-1');
});

test('Python: debugpy launch request (our rpc-python type or the Python Debugger extension), unbuffered, task env wins', () => {
  const own = launchConfiguration({ ...base, kind: 'rpc-python', runtime: '/usr/bin/python3', env: { PORT: '0', PYTHONIOENCODING: 'latin-1' } });
  assert.equal(own.type, 'rpc-python');
  assert.equal(own.python, '/usr/bin/python3');
  assert.equal(own.program, '/w/server.py');
  assert.equal(own.console, 'internalConsole');
  assert.equal(own.justMyCode, true);
  assert.deepEqual(own.env, { PYTHONUNBUFFERED: '1', PYTHONIOENCODING: 'latin-1', PORT: '0' });
  assert.equal(launchConfiguration({ ...base, kind: 'debugpy', runtime: 'python3' }).type, 'debugpy');
});

test('session names: the path inside the folder, else the file name', () => {
  assert.equal(shownPath('/w/examples/a/server.py', '/w'), 'examples/a/server.py');
  assert.equal(shownPath('/elsewhere/server.py', '/w'), 'server.py');
  assert.equal(shownPath('/elsewhere/server.py', undefined), 'server.py');
});

test('debugpy interpreter: the task interpreter when it imports debugpy, else a python3 that does', async (t) => {
  if (!(await importsDebugpy('/usr/bin/python3'))) return t.skip('python3-debugpy is not installed (apt install python3-debugpy)');
  const own = await findDebugpyInterpreter('/usr/bin/python3');
  assert.deepEqual(own, { command: '/usr/bin/python3', isTaskInterpreter: true });
  // An interpreter without debugpy (here a script that fails every import): a fallback is found, and says so.
  const dir = mkdtempSync(path.join(tmpdir(), 'no-debugpy-'));
  const broken = path.join(dir, 'python');
  writeFileSync(broken, '#!/bin/sh\necho "No module named debugpy" >&2\nexit 1\n');
  chmodSync(broken, 0o755);
  assert.equal(await importsDebugpy(broken), false);
  const fallback = await findDebugpyInterpreter(broken);
  assert.ok(fallback && fallback.command !== broken && !fallback.isTaskInterpreter, JSON.stringify(fallback));
  assert.equal(await importsDebugpy(fallback.command), true);
  // No interpreter that imports it (the task's cannot, none on this PATH): undefined, and the caller says how to install.
  assert.equal(await findDebugpyInterpreter(broken, { PATH: dir }, ['python3', 'python']), undefined);
  assert.equal(await importsDebugpy(path.join(dir, 'missing-python')), false);
});
