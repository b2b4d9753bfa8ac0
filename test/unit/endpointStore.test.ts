/** The endpoint layer's persistence and URL rules, in plain Node (no VS Code): src/endpoints has no UI. */
import * as assert from 'node:assert/strict';
import { test } from 'node:test';
import { acceptEndpointUrl } from '../../src/endpoints/endpointCredentials';
import { EndpointStore, type StateStore } from '../../src/endpoints/endpointStore';
import { displayUrl, endpointLabel, sameEndpointUrl, storedEndpointUrl } from '../../src/endpoints/endpointUrl';

function memoryState(initial: Record<string, unknown> = {}): StateStore & { data: Map<string, unknown> } {
  const data = new Map(Object.entries(initial).map(([k, v]) => [k, structuredClone(v)]));
  return {
    data,
    get: <T>(key: string) => (data.has(key) ? (structuredClone(data.get(key)) as T) : undefined),
    update: async (key: string, value: unknown) => void data.set(key, structuredClone(value)),
  };
}

test('stored endpoints come back with their last discovery; a server task comes back stopped', async () => {
  const state = memoryState();
  const store = new EndpointStore(state);
  store.save([
    {
      config: { url: 'http://127.0.0.1:1/RPC2', name: 'Kept', protocol: 'auto', local: { file: '/x/server.py', running: true } },
      state: { status: 'ready', protocol: 'xmlrpc', methods: [{ name: 'sayHi', signatures: null, help: null }], refreshedAt: 1, roundTrips: 1, elapsedMs: 1 },
    },
    { config: { url: 'http://127.0.0.1:2', protocol: 'xmlrpc' }, state: { status: 'discovering' } },
  ]);
  await store.flush();
  const { endpoints, credentials } = new EndpointStore(state).load();
  assert.deepEqual(credentials, []);
  assert.equal(endpoints.length, 2);
  assert.equal(endpoints[0].config.local?.running, false);
  assert.equal(endpoints[0].state?.status, 'ready');
  assert.equal(endpoints[1].state, undefined, 'a discovery in flight is not a state to come back to');
});

test("an older state's URL with a password: loading moves the credentials out and rewrites the state without them", async () => {
  const state = memoryState({ 'rpcExplorer.endpoints.v1': [{ config: { url: 'http://bob:PASSWORD@127.0.0.1:9001/RPC2', protocol: 'xmlrpc' } }] });
  const store = new EndpointStore(state);
  const { endpoints, credentials } = store.load();
  assert.equal(endpoints[0].config.url, 'http://127.0.0.1:9001/RPC2');
  assert.deepEqual(credentials, [{ url: 'http://127.0.0.1:9001/RPC2', username: 'bob', password: 'PASSWORD' }]);
  await store.flush();
  assert.doesNotMatch(JSON.stringify([...state.data]), /PASSWORD|bob/);
});

test('a URL given with user-info: its basic-auth header goes to the keeper, the endpoint is the URL without it', async () => {
  const kept: [string, string][] = [];
  const url = await acceptEndpointUrl(' http://bob:p%40ss@127.0.0.1:9001/RPC2 ', { keepAuthorization: async (u, a) => void kept.push([u, a]) });
  assert.equal(url, 'http://127.0.0.1:9001/RPC2');
  assert.deepEqual(kept, [['http://127.0.0.1:9001/RPC2', `Basic ${Buffer.from('bob:p@ss').toString('base64')}`]]);
  assert.equal(await acceptEndpointUrl('http://127.0.0.1:8889', { keepAuthorization: async () => assert.fail('no credentials to keep') }), 'http://127.0.0.1:8889');
});

test('one rule each: how a URL is stored, shown, compared; how an endpoint is labelled', () => {
  assert.equal(storedEndpointUrl(' https://u:p@h/x '), 'https://h/x');
  assert.equal(displayUrl('https://u:p@h/x'), 'https://h/x');
  assert.ok(sameEndpointUrl('http://127.0.0.1:8889', 'http://127.0.0.1:8889/'));
  assert.ok(sameEndpointUrl('http://u:p@127.0.0.1:8889', 'http://127.0.0.1:8889/'));
  assert.equal(endpointLabel({ url: 'http://u:p@h/' }), 'http://h/');
  assert.equal(endpointLabel({ url: 'http://u:p@h/', name: 'Mine' }), 'Mine');
});
