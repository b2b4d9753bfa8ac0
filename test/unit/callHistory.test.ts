/** The call history's persistence in plain Node (no VS Code): what it keeps in workspace state, and what it does not. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallHistory, MAX_KEPT_ARGUMENTS, type HistoryEntry } from '../../src/calls/callHistory';
import { BatchedStateStore } from '../../src/common/batchedState';
import type { StateStore } from '../../src/endpoints/endpointStore';

function memoryState(): StateStore & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    get: <T>(key: string) => (data.has(key) ? (structuredClone(data.get(key)) as T) : undefined),
    update: async (key: string, value: unknown) => void data.set(key, structuredClone(value)),
  };
}

const URL = 'http://127.0.0.1:8889';

function entry(argsText: string, at: number): HistoryEntry {
  return { endpointUrl: URL, method: 'echo', argsText, outcome: 'ok', summary: 'ok', at, elapsedMs: 1 };
}

test('arguments over the limit are not kept: the entry says how long they were, the last kept arguments stay', async () => {
  const state = memoryState();
  const history = new CallHistory(state, () => 50);
  history.rememberArgs(URL, 'echo', '["small"]');
  history.record(entry('["small"]', 1));

  const huge = `["${'x'.repeat(4 * 1024 * 1024)}"]`;
  history.rememberArgs(URL, 'echo', huge);
  history.record(entry(huge, 2));

  const [newest, older] = history.entries(URL);
  assert.equal(newest.argsText, '', 'not kept');
  assert.equal(newest.argsNotKept, huge.length, 'how long they were');
  assert.equal(older.argsText, '["small"]');
  assert.equal(older.argsNotKept, undefined);
  assert.equal(history.lastArgs(URL, 'echo'), '["small"]', 'the last arguments short enough to keep');
  // What VS Code writes on every change of the extension's workspace state stays small.
  const stored = JSON.stringify([...state.data.values()]).length;
  assert.ok(stored < 2_000, `workspace state holds ${stored} characters`);
});

test('arguments at the limit are kept whole', async () => {
  const history = new CallHistory(memoryState(), () => 50);
  const atLimit = `["${'y'.repeat(MAX_KEPT_ARGUMENTS - 4)}"]`;
  assert.equal(atLimit.length, MAX_KEPT_ARGUMENTS);
  history.rememberArgs(URL, 'echo', atLimit);
  history.record(entry(atLimit, 1));
  assert.equal(history.entries(URL)[0].argsText, atLimit);
  assert.equal(history.lastArgs(URL, 'echo'), atLimit);
});

test('the history keeps the configured number of calls per endpoint, newest first', async () => {
  let size = 3;
  const history = new CallHistory(memoryState(), () => size);
  for (let i = 1; i <= 5; i++) history.record(entry(`[${i}]`, i));
  assert.deepEqual(
    history.entries(URL).map((e) => e.argsText),
    ['[5]', '[4]', '[3]'],
  );
  size = 1;
  history.record(entry('[6]', 6));
  assert.deepEqual(
    history.entries(URL).map((e) => e.argsText),
    ['[6]'],
  );
});

test('the history and the last arguments are kept for the 50 endpoints called most recently', async () => {
  const state = memoryState();
  const history = new CallHistory(state, () => 5);
  const url = (i: number) => `http://127.0.0.1:${10_000 + i}`;
  for (let i = 0; i < 60; i++) {
    history.rememberArgs(url(i), 'echo', `[${i}]`);
    history.record({ ...entry(`[${i}]`, i), endpointUrl: url(i) });
  }
  // The first endpoint called again: it is recent now, and the oldest others go.
  history.rememberArgs(url(0), 'echo', '["again"]');
  history.record({ ...entry('["again"]', 100), endpointUrl: url(0) });
  const endpoints = new Set(history.entries().map((e) => e.endpointUrl));
  assert.equal(endpoints.size, 50);
  assert.ok(endpoints.has(url(0)) && endpoints.has(url(59)));
  assert.ok(!endpoints.has(url(1)) && !endpoints.has(url(10)) && endpoints.has(url(11)));
  assert.equal(history.lastArgs(url(0), 'echo'), '["again"]');
  assert.equal(history.lastArgs(url(59), 'echo'), '[59]');
  assert.equal(history.lastArgs(url(10), 'echo'), undefined, 'forgotten with its endpoint');
  assert.equal(Object.keys(state.data.get('rpcExplorer.lastArgs.v1') as object).length, 50);
});

test('calls in quick succession share one write per key; what is read before the write is what lands', async () => {
  const state = memoryState();
  const writes: string[] = [];
  const counted: StateStore = { get: state.get, update: (key, value) => (writes.push(key), state.update(key, value)) };
  const history = new CallHistory(new BatchedStateStore(counted), () => 50);
  for (let i = 1; i <= 20; i++) {
    history.rememberArgs(URL, 'echo', `[${i}]`);
    history.record(entry(`[${i}]`, i));
  }
  assert.equal(history.entries(URL).length, 20, 'read before anything is written');
  assert.equal(history.lastArgs(URL, 'echo'), '[20]');
  assert.deepEqual(writes, [], 'nothing written yet');
  await new Promise((resolve) => setTimeout(resolve, 400));
  assert.deepEqual(writes.sort(), ['rpcExplorer.history.v1', 'rpcExplorer.lastArgs.v1'], 'one write per key after the pause');
  // A window opened later (a new CallHistory on the same state) sees all of it.
  const reopened = new CallHistory(state, () => 50);
  assert.deepEqual(reopened.entries(URL).map((e) => e.argsText), history.entries(URL).map((e) => e.argsText));
  assert.equal(reopened.lastArgs(URL, 'echo'), '[20]');
});

test('flush writes at once what waits (deactivation)', async () => {
  const state = memoryState();
  const batched = new BatchedStateStore(state);
  const history = new CallHistory(batched, () => 50);
  history.rememberArgs(URL, 'echo', '["now"]');
  history.record(entry('["now"]', 1));
  assert.equal(state.data.size, 0);
  await batched.flush();
  assert.equal(new CallHistory(state, () => 50).lastArgs(URL, 'echo'), '["now"]');
  assert.equal(new CallHistory(state, () => 50).entries(URL)[0].argsText, '["now"]');
});

test('a change written later resolves its update when the write lands, and flush settles it at once', async () => {
  const state = memoryState();
  const batched = new BatchedStateStore(state, 60_000);
  let landed = false;
  const write = batched.update('k', { v: 1 }).then(() => (landed = true));
  assert.deepEqual(batched.get('k'), { v: 1 }, 'read before it is written');
  assert.equal(state.data.has('k'), false);
  await batched.flush();
  await write;
  assert.equal(landed, true, 'the update resolved with the flush, not after the delay');
  assert.deepEqual(state.data.get('k'), { v: 1 });
});
