import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { isPortOpen, waitForPort } from '../../src/tasks/portProbe';
import { killProcessTree, spawnServer } from '../../src/tasks/processTree';
import { findExecutable, resolveServerRuntime, RuntimeNotFoundError } from '../../src/tasks/serverRuntime';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function until(check: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 25));
  }
  return check();
}

test('killProcessTree stops the server and the process it started, and the port closes', { skip: process.platform === 'win32' }, async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rpc-tree-'));
  const script = path.join(dir, 'parent.py');
  // A parent that starts a listening child (like a reloader) and ignores SIGTERM itself for a moment.
  writeFileSync(
    script,
    `import subprocess, sys, time
child = subprocess.Popen([sys.executable, '-u', '-c', '''
import socket, time
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen()
print(s.getsockname()[1], flush=True)
time.sleep(60)
'''], stdout=subprocess.PIPE, text=True)
print(child.pid, child.stdout.readline().strip(), flush=True)
time.sleep(60)
`,
  );
  const child = spawnServer({ command: 'python3', args: ['-u', script], cwd: dir, env: process.env });
  const firstLine = await new Promise<string>((resolve) => {
    let text = '';
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      if (text.includes('\n')) resolve(text.split('\n')[0]);
    });
  });
  const [grandchild, port] = firstLine.trim().split(/\s+/).map(Number);
  assert.ok(alive(grandchild));
  assert.equal(await isPortOpen('127.0.0.1', port), true);
  await killProcessTree(child, 1000);
  assert.ok(await until(() => !alive(grandchild), 3000), 'the grandchild is gone');
  assert.equal(await isPortOpen('127.0.0.1', port), false);
});

test('killProcessTree escalates to SIGKILL for a process that ignores SIGTERM', { skip: process.platform === 'win32' }, async () => {
  const child = spawnServer({
    command: 'python3',
    args: ['-u', '-c', 'import signal, time\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\nprint("up", flush=True)\ntime.sleep(60)'],
    cwd: tmpdir(),
    env: process.env,
  });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  const started = Date.now();
  await killProcessTree(child, 300);
  assert.ok(child.signalCode === 'SIGKILL', String(child.signalCode));
  assert.ok(Date.now() - started < 3000);
});

test('waitForPort: true once a server listens, false at the deadline', async () => {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  assert.equal(await waitForPort('127.0.0.1', port, { deadline: Date.now() + 2000 }), true);
  await new Promise((r) => server.close(r));
  const started = Date.now();
  assert.equal(await waitForPort('127.0.0.1', port, { deadline: Date.now() + 400 }), false);
  assert.ok(Date.now() - started < 2000);
  const abort = new AbortController();
  abort.abort();
  assert.equal(await waitForPort('127.0.0.1', port, { deadline: Date.now() + 5000, signal: abort.signal }), false);
});

test('runtime: Python unbuffered, node for JavaScript, project tsx for TypeScript, clear errors', async () => {
  const py = await resolveServerRuntime({ file: '/w/server.py', pythonCandidates: [] });
  assert.match(path.basename(py.command), /^python3?(\.\d+)?$/);
  assert.deepEqual(py.args, ['-u']);
  assert.equal(py.env.PYTHONUNBUFFERED, '1');

  await assert.rejects(
    resolveServerRuntime({ file: '/w/server.py', pythonCandidates: [{ command: '/nope/python', source: 'rpcExplorer.server.pythonPath', explicit: true }] }),
    (e: Error) => e instanceof RuntimeNotFoundError && /rpcExplorer\.server\.pythonPath/.test(e.message) && !e.message.includes('\n'),
  );
  const skipped = await resolveServerRuntime({ file: '/w/s.py', pythonCandidates: [{ command: '/nope/python', source: 'the Python extension' }] });
  assert.match(path.basename(skipped.command), /^python3?$/);
  await assert.rejects(
    resolveServerRuntime({ file: '/w/server.py', pythonCandidates: [], env: { PATH: '/nonexistent' } }),
    /No Python interpreter found to run server\.py .*rpcExplorer\.server\.pythonPath/,
  );

  const node = await resolveServerRuntime({ file: '/w/server.mjs', pythonCandidates: [] });
  assert.equal(path.basename(node.command), 'node');
  const noNode = await resolveServerRuntime({ file: '/w/server.js', pythonCandidates: [], env: { PATH: '/nonexistent' } });
  assert.equal(noNode.command, process.execPath);

  const project = mkdtempSync(path.join(tmpdir(), 'rpc-ts-'));
  await assert.rejects(resolveServerRuntime({ file: path.join(project, 'src', 'server.ts'), pythonCandidates: [], projectRoot: project }), /neither tsx nor ts-node/);
  mkdirSync(path.join(project, 'node_modules', '.bin'), { recursive: true });
  const tsx = path.join(project, 'node_modules', '.bin', 'tsx');
  writeFileSync(tsx, '#!/bin/sh\n');
  chmodSync(tsx, 0o755);
  const ts = await resolveServerRuntime({ file: path.join(project, 'src', 'server.ts'), pythonCandidates: [], projectRoot: project });
  assert.equal(ts.command, tsx);

  await assert.rejects(resolveServerRuntime({ file: '/w/server.rb', pythonCandidates: [] }), /runs? Python/);
  await assert.rejects(resolveServerRuntime({ file: '/w/x.py', runtime: 'no-such-python9', pythonCandidates: [] }), /"runtime"/);
  assert.equal(await findExecutable('definitely-not-a-command-xyz'), undefined);
  // An interpreter "path" that is a folder (a conda environment's root) is not something to spawn.
  assert.equal(await findExecutable(project), undefined);
});
