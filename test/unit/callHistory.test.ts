/** The call history's persistence in plain Node (no VS Code): what it keeps in workspace state, and what it does not. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { CallHistory, MAX_KEPT_ARGUMENTS, type HistoryEntry } from '../../src/calls/callHistory';
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
  await history.rememberArgs(URL, 'echo', '["small"]');
  await history.record(entry('["small"]', 1));

  const huge = `["${'x'.repeat(4 * 1024 * 1024)}"]`;
  await history.rememberArgs(URL, 'echo', huge);
  await history.record(entry(huge, 2));

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
  await history.rememberArgs(URL, 'echo', atLimit);
  await history.record(entry(atLimit, 1));
  assert.equal(history.entries(URL)[0].argsText, atLimit);
  assert.equal(history.lastArgs(URL, 'echo'), atLimit);
});

test('the history keeps the configured number of calls per endpoint, newest first', async () => {
  let size = 3;
  const history = new CallHistory(memoryState(), () => size);
  for (let i = 1; i <= 5; i++) await history.record(entry(`[${i}]`, i));
  assert.deepEqual(
    history.entries(URL).map((e) => e.argsText),
    ['[5]', '[4]', '[3]'],
  );
  size = 1;
  await history.record(entry('[6]', 6));
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
    await history.rememberArgs(url(i), 'echo', `[${i}]`);
    await history.record({ ...entry(`[${i}]`, i), endpointUrl: url(i) });
  }
  // The first endpoint called again: it is recent now, and the oldest others go.
  await history.rememberArgs(url(0), 'echo', '["again"]');
  await history.record({ ...entry('["again"]', 100), endpointUrl: url(0) });
  const endpoints = new Set(history.entries().map((e) => e.endpointUrl));
  assert.equal(endpoints.size, 50);
  assert.ok(endpoints.has(url(0)) && endpoints.has(url(59)));
  assert.ok(!endpoints.has(url(1)) && !endpoints.has(url(10)) && endpoints.has(url(11)));
  assert.equal(history.lastArgs(url(0), 'echo'), '["again"]');
  assert.equal(history.lastArgs(url(59), 'echo'), '[59]');
  assert.equal(history.lastArgs(url(10), 'echo'), undefined, 'forgotten with its endpoint');
  assert.equal(Object.keys(state.data.get('rpcExplorer.lastArgs.v1') as object).length, 50);
});
