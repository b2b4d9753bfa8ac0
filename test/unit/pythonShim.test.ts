/**
 * Version-manager shims: a server runs the interpreter the shim would pick, asked once and asked again when the
 * version the shim reads changes. The shim here is a shell script shaped like pyenv's (it reads .python-version
 * and execs that version's python3); the versions are links to a real Python. When pyenv itself is installed, its
 * own shim is resolved too.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import * as path from 'node:path';
import { interpreterBehindShim, isVersionManagerShim } from '../../src/tasks/pythonShim';
import { resolveServerRuntime } from '../../src/tasks/serverRuntime';

const realPython = execFileSync('python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

/** root/shims/python3 choosing between root/versions/{a,b}/bin/python3 by the .python-version in its cwd. */
function fakeVersionManager(): { root: string; shim: string; project: string; calls: () => number; version: (name: string) => string } {
  const root = mkdtempSync(path.join(tmpdir(), 'rpc-shim-'));
  for (const name of ['a', 'b']) {
    mkdirSync(path.join(root, 'versions', name, 'bin'), { recursive: true });
    symlinkSync(realPython, path.join(root, 'versions', name, 'bin', 'python3'));
  }
  mkdirSync(path.join(root, 'shims'));
  const shim = path.join(root, 'shims', 'python3');
  writeFileSync(
    shim,
    `#!/bin/sh\necho x >> "${root}/calls"\n[ -n "$FAIL_SHIM" ] && exit 3\nv=$(cat .python-version 2>/dev/null || echo a)\nexec "${root}/versions/$v/bin/python3" "$@"\n`,
  );
  chmodSync(shim, 0o755);
  const project = path.join(root, 'project');
  mkdirSync(project);
  return {
    root,
    shim,
    project,
    calls: () => (existsSync(path.join(root, 'calls')) ? readFileSync(path.join(root, 'calls'), 'utf8').split('\n').filter(Boolean).length : 0),
    version: (name) => path.join(root, 'versions', name, 'bin', 'python3'),
  };
}

test('a shim is recognised by its folder; anything else runs as it is, unasked', async () => {
  assert.equal(isVersionManagerShim('/home/u/.pyenv/shims/python3'), true);
  assert.equal(isVersionManagerShim('/home/u/.local/share/mise/shims/python'), true);
  assert.equal(isVersionManagerShim('/usr/bin/python3'), false);
  assert.equal(isVersionManagerShim('/w/.venv/bin/python'), false);
  assert.equal(await interpreterBehindShim('/usr/bin/python3', '/'), '/usr/bin/python3');
});

test('the interpreter behind a shim: asked once, asked again when .python-version changes', async () => {
  const vm = fakeVersionManager();
  assert.equal(await interpreterBehindShim(vm.shim, vm.project), vm.version('a'));
  assert.equal(await interpreterBehindShim(vm.shim, vm.project), vm.version('a'));
  assert.equal(vm.calls(), 1, 'the second start does not run the shim');

  writeFileSync(path.join(vm.project, '.python-version'), 'b\n');
  assert.equal(await interpreterBehindShim(vm.shim, vm.project), vm.version('b'));
  assert.equal(vm.calls(), 2);
  // A version file in a parent folder counts too (pyenv and asdf look upwards).
  const nested = path.join(vm.project, 'pkg', 'sub');
  mkdirSync(nested, { recursive: true });
  writeFileSync(path.join(nested, '..', '.tool-versions'), 'python 3.11\n');
  await interpreterBehindShim(vm.shim, nested);
  assert.equal(vm.calls(), 3);
  // PYENV_VERSION is an input as well.
  await interpreterBehindShim(vm.shim, vm.project, { ...process.env, PYENV_VERSION: 'a' });
  assert.equal(vm.calls(), 4);
});

test('a shim that cannot say runs as it is; the runtime resolver uses the interpreter behind a shim on PATH', async () => {
  const vm = fakeVersionManager();
  assert.equal(await interpreterBehindShim(vm.shim, vm.project, { ...process.env, FAIL_SHIM: '1' }), vm.shim);

  const runtime = await resolveServerRuntime({
    file: path.join(vm.project, 'server.py'),
    pythonCandidates: [],
    env: { ...process.env, PATH: `${path.join(vm.root, 'shims')}:${process.env.PATH}` },
  });
  assert.equal(runtime.command, vm.version('a'));
  assert.deepEqual(runtime.args, ['-u']);
  writeFileSync(path.join(vm.project, '.python-version'), 'b\n');
  const other = await resolveServerRuntime({ file: path.join(vm.project, 'server.py'), pythonCandidates: [{ command: vm.shim, source: 'x' }] });
  assert.equal(other.command, vm.version('b'));
});

const pyenvShim = path.join(process.env.PYENV_ROOT ?? path.join(homedir(), '.pyenv'), 'shims', 'python3');
test('the real pyenv shim resolves to its version\'s python3, which starts faster', { skip: existsSync(pyenvShim) ? false : 'pyenv is not installed' }, async () => {
  const real = await interpreterBehindShim(pyenvShim, process.cwd());
  assert.notEqual(real, pyenvShim);
  assert.match(real, /[\\/]versions[\\/][^\\/]+[\\/]bin[\\/]python/);
  const startMs = (command: string) => {
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      const started = process.hrtime.bigint();
      assert.equal(spawnSync(command, ['-c', 'pass']).status, 0);
      times.push(Number(process.hrtime.bigint() - started) / 1e6);
    }
    return Math.min(...times);
  };
  console.log(`python3 start: pyenv shim ${startMs(pyenvShim).toFixed(0)} ms, the interpreter behind it ${startMs(real).toFixed(0)} ms`);
});
