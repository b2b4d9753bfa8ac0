// The explorer's pure helpers (no vscode): method grouping, URL checks, credential masking, failure messages.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { RpcError, RpcFault, type MethodInfo } from '../../src/core';
import { argumentHint, firstHelpLine, formatSignatures, methodLevel, visibleMethods } from '../../src/endpoints/methodNames';
import { displayUrl, endpointUrlProblem, sameEndpointUrl } from '../../src/endpoints/endpointUrl';
import { looksSecret, maskSecrets } from '../../src/core/secrets';
import { describeFailure } from '../../src/callOptions/failureMessages';

const m = (name: string, extra: Partial<MethodInfo> = {}): MethodInfo => ({ name, signatures: null, help: null, ...extra });

test('methods group by dotted prefix, one level at a time; hprose #, * and ~ are hidden', () => {
  const methods = ['system.listMethods', 'system.methodHelp', 'sayHi', '#', '*', '~', 'a.b.c', 'a.d', 'trailing.', '.leading'].map((n) => m(n));
  const top = methodLevel(methods, '');
  assert.deepEqual(top.groups.map((g) => [g.segment, g.count]), [['a', 2], ['system', 2]]);
  assert.deepEqual(top.methods.map((x) => x.name), ['.leading', 'sayHi', 'trailing.']);
  const a = methodLevel(methods, 'a.');
  assert.deepEqual(a.groups.map((g) => g.prefix), ['a.b.']);
  assert.deepEqual(a.methods.map((x) => x.name), ['a.d']);
  assert.deepEqual(visibleMethods(methods).length, 7);
});

// Its speed is the bench's (ui: 2,000 methods from Add Endpoint to rows); here, what the levels hold.
test('2,000 methods: the top level is 20 groups, a group level its 100 methods', () => {
  const methods = Array.from({ length: 2000 }, (_, i) => m(`group${i % 20}.method_${i}`));
  const top = methodLevel(methods, '');
  const inner = methodLevel(methods, 'group7.');
  assert.deepEqual(top.groups.map((g) => g.count), Array.from({ length: 20 }, () => 100));
  assert.equal(top.methods.length, 0);
  assert.equal(inner.methods.length, 100);
  assert.ok(inner.methods.every((x) => x.name.startsWith('group7.')));
});

test('signatures read like declarations; help gives its first line; the hint lists argument types', () => {
  const sayHi = m('sayHi', { signatures: [['string', 'string']], help: '\n  Says hi.\nMore.' });
  assert.deepEqual(formatSignatures(sayHi), ['string sayHi(string)']);
  assert.equal(firstHelpLine(sayHi), 'Says hi.');
  assert.equal(argumentHint(sayHi), '(string)');
  assert.deepEqual(formatSignatures(m('add', { params: [{ name: 'a' }, { name: 'b', required: false }], result: { name: 'sum' } })), ['sum add(a, b?)']);
  assert.deepEqual(formatSignatures(m('x')), []);
});

test('endpoint URLs: checked as typed, a missing path is fine, trailing slash is the same endpoint', () => {
  assert.equal(endpointUrlProblem('http://127.0.0.1:8889'), undefined);
  assert.equal(endpointUrlProblem('https://example.com/RPC2'), undefined);
  assert.match(endpointUrlProblem('127.0.0.1:8889') ?? '', /http:\/\//);
  assert.match(endpointUrlProblem('ftp://x') ?? '', /http/);
  assert.match(endpointUrlProblem('') ?? '', /Type the endpoint URL/);
  assert.ok(sameEndpointUrl('http://127.0.0.1:8889', 'http://127.0.0.1:8889/'));
  assert.ok(!sameEndpointUrl('http://127.0.0.1:8889/a', 'http://127.0.0.1:8889/b'));
  assert.equal(displayUrl('http://bob:hunter22@h:1/x'), 'http://h:1/x');
});

test('credentials are masked: secret header values, bearer tokens alone, URL passwords', () => {
  assert.ok(looksSecret('Authorization', 'x'));
  assert.ok(looksSecret('X-Api-Key', 'x'));
  assert.ok(looksSecret('X-Whatever', 'Bearer abc.def'));
  assert.ok(!looksSecret('X-Tenant', 'dev'));
  const text = 'authorization: Bearer s3cr3t-token\nbody echoes s3cr3t-token and http://u:pw@host/x';
  const masked = maskSecrets(text, ['Bearer s3cr3t-token']);
  assert.ok(!masked.includes('s3cr3t-token'), masked);
  assert.ok(!masked.includes(':pw@'), masked);
  assert.match(masked, /http:\/\/\*\*\*@host/);
});

test('failures become one line naming the endpoint and what to do', () => {
  const url = 'http://127.0.0.1:9';
  assert.equal(describeFailure(new RpcError('connection', 'connection refused'), url), 'Cannot reach http://127.0.0.1:9 (connection refused). Check the URL, then try again.');
  assert.match(describeFailure(new RpcError('timeout', 'timed out'), url, { timeoutMs: 30000 }), /within 30 s.*requestTimeoutMs/);
  assert.match(describeFailure(new RpcError('malformed', 'the response is an HTML page', undefined, { webPage: true }), url), /web page/);
  assert.match(describeFailure(new RpcError('connection', 'closed the connection in the middle of its answer', undefined, { hungUp: 'mid-answer' }), url), /dropped the connection/);
  assert.match(describeFailure(new RpcError('too-large', 'over 20 MB'), url), /maxResponseSizeMB/);
  assert.match(describeFailure(new RpcFault(3, 'boom'), url), /fault.*boom/);
  assert.match(describeFailure(new RpcError('connection', 'refused'), url, { stoppedLocalFile: 'server.py' }), /server\.py\) is stopped.*Start and Call/);
  for (const kind of ['connection', 'timeout', 'http', 'malformed', 'cancelled'] as const) {
    assert.doesNotMatch(describeFailure(new RpcError(kind, 'line one\nline two'), url), /\n/);
  }
});
