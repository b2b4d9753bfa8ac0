// The server lifecycle shared by the `rpc-server` task and Debug Server, on a clock the test advances: a superseded
// start, the start deadline, restart on save (its quiet period, a save during a restart, a save while starting, a
// stopped server), ready → endpoint added and revealed, stop, dispose. No editor and no sleeping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import type { EndpointConfig } from '../../src/endpoints/endpointTypes';
import { PendingStarts } from '../../src/servers/pendingStarts';
import { RestartOnSave, SAVE_QUIET_MS, type RestartTarget } from '../../src/servers/restartOnSave';
import { ServerLifecycle, START_SAFETY_MS, type LifecycleRegistry } from '../../src/servers/serverLifecycle';
import type { ServerHost } from '../../src/servers/serverHost';
import type { StartServerResult } from '../../src/servers/serverTypes';
import { fileKey } from '../../src/sourceModel/filePaths';
import { FakeClock, settle } from '../support/fakeClock';

const SERVER = path.resolve('/w/server.py');
const MODULE = path.resolve('/w/greetings.py');

/** A host on the fake clock: saves are fired by the test, messages and the context key recorded. */
function testHost(clock: FakeClock) {
  const saveListeners = new Set<(file: string) => void>();
  const errors: string[] = [];
  const running: boolean[] = [];
  const host: ServerHost = {
    clock,
    onDidSaveFile: (listener) => {
      saveListeners.add(listener);
      return { dispose: () => saveListeners.delete(listener) };
    },
    showError: (message) => errors.push(message),
    setServerRunning: (value) => running.push(value),
  };
  return { host, errors, running, save: (file: string) => saveListeners.forEach((l) => l(file)), saveListeners };
}

/** The endpoints the lifecycle adds, kept as the registry keeps them. */
function testRegistry() {
  const endpoints = new Map<string, EndpointConfig>();
  const revealed: string[] = [];
  const registry: LifecycleRegistry = {
    add: async (config) => {
      endpoints.set(config.url, config);
      return { config } as Awaited<ReturnType<LifecycleRegistry['add']>>;
    },
    get: (url) => (endpoints.has(url) ? ({ config: endpoints.get(url)! } as ReturnType<LifecycleRegistry['get']>) : undefined),
    setLocalRunning: (url, value) => {
      const config = endpoints.get(url);
      if (config?.local) config.local.running = value;
    },
  };
  return { registry, endpoints, revealed, reveal: async (url: string) => void revealed.push(url) };
}

test('pending starts: a new start of the same file supersedes the waiting one; another file is not touched', async () => {
  const clock = new FakeClock();
  const starts = new PendingStarts<string>(clock);
  const first = starts.begin('a', 10_000, () => 'superseded', () => 'expired');
  const other = starts.begin('b', 10_000, () => 'superseded', () => 'expired');
  const second = starts.begin('a', 10_000, () => 'superseded', () => 'expired');
  assert.equal(await first, 'superseded');
  starts.settle('a', 'ready');
  assert.equal(await second, 'ready');
  assert.equal(starts.has('b'), true);
  starts.settle('b', 'ready b');
  assert.equal(await other, 'ready b');
  assert.equal(clock.pending, 0, 'settled starts leave no timer behind');
});

test('pending starts: nothing settles a start → it resolves with its fallback exactly at its deadline', async () => {
  const clock = new FakeClock();
  const starts = new PendingStarts<string>(clock);
  let result: string | undefined;
  void starts.begin('a', 5_000, () => 'superseded', () => 'expired').then((r) => (result = r));
  await clock.advance(4_999);
  assert.equal(result, undefined);
  await clock.advance(1);
  assert.equal(result, 'expired');
  assert.equal(starts.has('a'), false);
});

test('lifecycle: a start resolves when its server is ready: endpoint added (local, running) and revealed, elapsed on the clock', async () => {
  const clock = new FakeClock();
  const { host } = testHost(clock);
  const { registry, endpoints, revealed, reveal } = testRegistry();
  const lifecycle = new ServerLifecycle(host, registry, reveal);
  const start = lifecycle.begin(SERVER, 20_000);
  await clock.advance(1_234);
  await lifecycle.publish({ file: SERVER, url: 'http://127.0.0.1:8889', protocol: 'xmlrpc', running: true, pid: 42 });
  assert.deepEqual(await start, { file: SERVER, url: 'http://127.0.0.1:8889', elapsedMs: 1_234, pid: 42 });
  assert.deepEqual(endpoints.get('http://127.0.0.1:8889'), { url: 'http://127.0.0.1:8889', protocol: 'xmlrpc', local: { file: SERVER, running: true } });
  assert.deepEqual(revealed, ['http://127.0.0.1:8889']);
  // Stop: the endpoint stays, shown stopped; an endpoint the user removed is reported gone.
  assert.equal(lifecycle.markStopped('http://127.0.0.1:8889'), true);
  assert.equal(endpoints.get('http://127.0.0.1:8889')?.local?.running, false);
  assert.equal(lifecycle.markStopped('http://127.0.0.1:9999'), false);
  lifecycle.dispose();
});

test('lifecycle: a superseded start says so; a start that hears nothing ends after its ready deadline plus the safety margin', async () => {
  const clock = new FakeClock();
  const { host } = testHost(clock);
  const { registry, reveal } = testRegistry();
  const lifecycle = new ServerLifecycle(host, registry, reveal);
  const first = lifecycle.begin(SERVER, 20_000);
  const second = lifecycle.begin(SERVER, 20_000, (name) => `${name} did not start under the debugger`);
  assert.deepEqual(await first, { file: SERVER, error: 'superseded by a new start' });
  let result: StartServerResult | undefined;
  void second.then((r) => (result = r));
  await clock.advance(20_000 + START_SAFETY_MS - 1);
  assert.equal(result, undefined);
  await clock.advance(1);
  assert.deepEqual(result, { file: SERVER, error: 'server.py did not start under the debugger' });
  lifecycle.dispose();
});

test('lifecycle: a registry that refuses the endpoint gives one error message, and the start still resolves', async () => {
  const clock = new FakeClock();
  const { host, errors } = testHost(clock);
  const { registry, reveal } = testRegistry();
  const lifecycle = new ServerLifecycle(host, { ...registry, add: async () => Promise.reject(new Error('invalid URL')) }, reveal);
  const start = lifecycle.begin(SERVER, 20_000);
  await lifecycle.publish({ file: SERVER, url: 'http://x', protocol: 'auto', running: true });
  assert.equal((await start).url, 'http://x');
  assert.deepEqual(errors, ['RPC Explorer: could not add http://x: invalid URL']);
  lifecycle.dispose();
});

test('lifecycle: dispose resolves a waiting start and drops the save subscription', async () => {
  const clock = new FakeClock();
  const { host, saveListeners } = testHost(clock);
  const { registry, reveal } = testRegistry();
  const lifecycle = new ServerLifecycle<RestartTarget>(host, registry, reveal, { enabled: () => true, restart: async () => undefined });
  const start = lifecycle.begin(SERVER, 20_000);
  assert.equal(saveListeners.size, 1);
  lifecycle.dispose();
  assert.deepEqual(await start, { file: '', error: 'RPC Explorer was deactivated' });
  assert.equal(saveListeners.size, 0);
  assert.equal(clock.pending, 0);
});

/** Restart on save through the lifecycle, each restart recorded and held open until the test finishes it. */
function restartRig(enabled = () => true) {
  const clock = new FakeClock();
  const { host, save } = testHost(clock);
  const { registry, reveal } = testRegistry();
  const restarts: { savedAt: number; startedAt: number; finish: () => void }[] = [];
  const lifecycle = new ServerLifecycle<RestartTarget>(host, registry, reveal, {
    enabled,
    restart: (_target, savedAt) => new Promise<void>((finish) => restarts.push({ savedAt, startedAt: clock.now(), finish })),
  });
  lifecycle.restarts!.set(fileKey(SERVER), { file: SERVER, watched: new Set([fileKey(SERVER), fileKey(MODULE)]) });
  return { clock, save, lifecycle, restarts };
}

test('restart on save: saves within the quiet period are one restart, which starts when the period has passed', async () => {
  const { clock, save, lifecycle, restarts } = restartRig();
  const t0 = clock.now();
  save(SERVER);
  await clock.advance(100);
  save(MODULE); // Save All: the server file, then a module it imports
  await clock.advance(SAVE_QUIET_MS - 1);
  assert.equal(restarts.length, 0, 'nothing before the quiet period after the last save');
  await clock.advance(1);
  assert.equal(restarts.length, 1);
  assert.equal(restarts[0].startedAt, t0 + 100 + SAVE_QUIET_MS);
  assert.equal(restarts[0].savedAt, t0 + 100, 'measured from the save that caused it');
  restarts[0].finish();
  await clock.advance(10_000);
  assert.equal(restarts.length, 1);
  save(path.resolve('/w/unrelated.py'));
  await clock.advance(10_000);
  assert.equal(restarts.length, 1, 'a file the server does not import restarts nothing');
  lifecycle.dispose();
});

test('restart on save: a save during a restart runs it once more afterwards (not twice, not meanwhile)', async () => {
  const { clock, save, lifecycle, restarts } = restartRig();
  save(SERVER);
  await clock.advance(SAVE_QUIET_MS);
  assert.equal(restarts.length, 1);
  save(SERVER);
  await clock.advance(SAVE_QUIET_MS);
  save(SERVER);
  await clock.advance(SAVE_QUIET_MS);
  assert.equal(restarts.length, 1, 'the running restart is not interrupted');
  assert.equal(lifecycle.restarts!.restarting(fileKey(SERVER)), true);
  restarts[0].finish();
  await settle();
  assert.equal(restarts.length, 2, 'one more restart for the saves that came during it');
  restarts[1].finish();
  await clock.advance(10_000);
  assert.equal(restarts.length, 2);
  assert.equal(lifecycle.restarts!.restarting(fileKey(SERVER)), false);
  lifecycle.dispose();
});

test('restart on save: a save while Start Server runs the file is that start; a stopped server or the setting off restarts nothing', async () => {
  const { clock, save, lifecycle, restarts } = restartRig();
  let finishStart!: () => void;
  const starting = lifecycle.whileStarting(SERVER, () => new Promise<void>((resolve) => (finishStart = resolve)));
  save(SERVER);
  await clock.advance(SAVE_QUIET_MS * 2);
  assert.equal(restarts.length, 0, 'Start Server saves before it runs: no second start');
  finishStart();
  await starting;
  assert.equal(lifecycle.isStarting(SERVER), false);

  // Stopped by the user: forgotten, and a save pending in its quiet period is dropped too.
  save(SERVER);
  await clock.advance(SAVE_QUIET_MS - 1);
  lifecycle.restarts!.forget(fileKey(SERVER));
  await clock.advance(10_000);
  save(SERVER);
  await clock.advance(10_000);
  assert.equal(restarts.length, 0, 'no restart after the user stopped it');
  lifecycle.dispose();

  let enabled = false;
  const off = restartRig(() => enabled);
  off.save(SERVER);
  await off.clock.advance(10_000);
  assert.equal(off.restarts.length, 0, 'rpcExplorer.server.restartOnSave off');
  enabled = true;
  off.save(SERVER);
  await off.clock.advance(SAVE_QUIET_MS);
  assert.equal(off.restarts.length, 1, 'the setting is read at each save');
  off.restarts[0].finish();
  off.lifecycle.dispose();
});

test('restart on save: forgetWhere drops the targets of a removed endpoint only', () => {
  const clock = new FakeClock();
  const restartOnSave = new RestartOnSave<RestartTarget & { url?: string }>({ clock, enabled: () => true, isStarting: () => false, restart: async () => undefined });
  restartOnSave.set('a', { file: '/a.py', watched: new Set(['a']), url: 'http://127.0.0.1:1' });
  restartOnSave.set('b', { file: '/b.py', watched: new Set(['b']), url: 'http://127.0.0.1:2' });
  restartOnSave.forgetWhere((t) => t.url === 'http://127.0.0.1:1');
  assert.equal(restartOnSave.get('a'), undefined);
  assert.equal(restartOnSave.get('b')?.file, '/b.py');
  restartOnSave.dispose();
});
