/** The JSON-RPC 2.0 rules of `rpc-explorer doctor` (https://www.jsonrpc.org/specification), probe by probe. */
import * as l10n from '@vscode/l10n';
import { RpcError } from '../errors';
import type { TransportOptions } from '../types';
import { excerpt, isSuccess, nonexistentMethod, probe, type ProbeReply } from './probe';
import { Verdicts, type RuleOutcome } from './rules';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const NOT_JSON: unique symbol = Symbol('not JSON');

function parsed(reply: ProbeReply): Json | typeof NOT_JSON {
  try {
    return JSON.parse(reply.body.toString('utf8')) as Json;
  } catch {
    return NOT_JSON;
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function errorCode(value: unknown): unknown {
  return isObject(value) && isObject(value.error) ? value.error.code : undefined;
}

function shown(value: Json | typeof NOT_JSON | undefined, reply?: ProbeReply): string {
  if (value === NOT_JSON) return reply ? l10n.t('HTTP {0} {1}', reply.status, excerpt(reply.body)) : '';
  const text = JSON.stringify(value) ?? 'nothing';
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
}

export async function checkJsonRpc(url: string, options: TransportOptions): Promise<RuleOutcome[]> {
  const verdicts = new Verdicts('jsonrpc');
  const responses: { probe: string; value: JsonObject }[] = [];
  const send = async (name: string, body: string): Promise<{ reply: ProbeReply; value: Json | typeof NOT_JSON }> => {
    const reply = await probe(url, body, 'application/json', options, name);
    const value = parsed(reply);
    const objects = Array.isArray(value) ? value : [value];
    for (const object of objects) if (isObject(object)) responses.push({ probe: name, value: object });
    if (reply.body.length > 0) {
      if (reply.contentType === 'application/json') verdicts.pass('jsonrpc.content-type');
      else verdicts.broken('jsonrpc.content-type', l10n.t('{0} was answered with Content-Type "{1}"; JSON-RPC over HTTP answers are application/json', name, reply.contentType));
    }
    return { reply, value };
  };

  // An unknown method, with a string id and then a number id.
  const missing = nonexistentMethod();
  const byString = await send(l10n.t('an unknown method'), JSON.stringify({ jsonrpc: '2.0', method: missing, id: 'doctor-1' }));
  if (!isObject(byString.value) || !('result' in byString.value || 'error' in byString.value || 'jsonrpc' in byString.value)) {
    throw new RpcError('unsupported', l10n.t('{0} does not speak JSON-RPC: a request was answered with {1}', url, shown(byString.value, byString.reply)));
  }
  const code = errorCode(byString.value);
  if (code === -32601) verdicts.pass('jsonrpc.method-not-found');
  else verdicts.broken('jsonrpc.method-not-found', l10n.t('"The method does not exist / is not available" is error code -32601; {0} got {1}', missing, shown(byString.value)));
  const byNumber = await send(l10n.t('an unknown method'), JSON.stringify({ jsonrpc: '2.0', method: missing, id: 42 }));
  for (const [sent, got] of [['doctor-1', byString.value], [42, byNumber.value]] as const) {
    const id = isObject(got) ? got.id : undefined;
    if (id === sent) verdicts.pass('jsonrpc.id');
    else verdicts.broken('jsonrpc.id', l10n.t('"It MUST be the same as the value of the id member in the Request Object": sent {0}, got {1}', JSON.stringify(sent), shown(got ?? null)));
  }

  // A body that is not JSON.
  const broken = await send(l10n.t('a body that is not JSON'), '{"jsonrpc": "2.0", "method": "rpc.doctor", "params": "bar", "baz]');
  if (isObject(broken.value) && errorCode(broken.value) === -32700 && broken.value.id === null) verdicts.pass('jsonrpc.parse-error');
  else verdicts.broken('jsonrpc.parse-error', l10n.t('"Invalid JSON was received by the server" is an error object -32700 with "id": null; got {0}', shown(broken.value, broken.reply)));

  // An invalid request object.
  const invalid = await send(l10n.t('an invalid request'), '{"jsonrpc":"2.0","method":1,"id":7}');
  if (errorCode(invalid.value) === -32600) verdicts.pass('jsonrpc.invalid-request');
  else verdicts.broken('jsonrpc.invalid-request', l10n.t('"The JSON sent is not a valid Request object" is error code -32600; {0} got {1}', '{"method":1}', shown(invalid.value, invalid.reply)));

  // A notification: no response object at all.
  const notification = await send(l10n.t('a notification'), JSON.stringify({ jsonrpc: '2.0', method: nonexistentMethod() }));
  if (notification.reply.body.toString('utf8').trim() === '' && isSuccess(notification.reply.status)) verdicts.pass('jsonrpc.notification');
  else verdicts.broken('jsonrpc.notification', l10n.t('"The Server MUST NOT reply to a Notification"; got {0}', shown(notification.value, notification.reply)));

  // A batch of two.
  const batchIds: Json[] = ['doctor-b1', 2];
  const batch = await send(l10n.t('a batch'), JSON.stringify(batchIds.map((id) => ({ jsonrpc: '2.0', method: nonexistentMethod(), id }))));
  const answered = Array.isArray(batch.value) ? batch.value.map((r) => (isObject(r) ? r.id : undefined)) : [];
  if (Array.isArray(batch.value) && batch.value.length === 2 && batchIds.every((id) => answered.includes(id))) verdicts.pass('jsonrpc.batch');
  else verdicts.broken('jsonrpc.batch', l10n.t('"The Server should respond with an Array containing the corresponding Response objects"; a batch of ids {0} got {1}', JSON.stringify(batchIds), shown(batch.value, batch.reply)));

  // An empty batch.
  const empty = await send(l10n.t('an empty batch'), '[]');
  if (isObject(empty.value) && errorCode(empty.value) === -32600) verdicts.pass('jsonrpc.batch-empty');
  else verdicts.broken('jsonrpc.batch-empty', l10n.t('an empty Array is "a single Response object" with error -32600, not an Array; got {0}', shown(empty.value, empty.reply)));

  // rpc.discover, when the server has it.
  const discovery = await send('rpc.discover', JSON.stringify({ jsonrpc: '2.0', method: 'rpc.discover', id: 'doctor-discover' }));
  if (isObject(discovery.value) && 'result' in discovery.value) {
    const document = discovery.value.result;
    const problem = !isObject(document)
      ? l10n.t('the result is not an object')
      : typeof document.openrpc !== 'string'
        ? l10n.t('no "openrpc" version string')
        : !isObject(document.info) || typeof document.info.title !== 'string' || typeof document.info.version !== 'string'
          ? l10n.t('no "info" object with "title" and "version"')
          : !Array.isArray(document.methods)
            ? l10n.t('no "methods" array')
            : undefined;
    if (problem) verdicts.broken('openrpc.document', l10n.t('rpc.discover returns an OpenRPC Document (openrpc, info, methods): {0}', problem));
    else verdicts.pass('openrpc.document');
  } else {
    verdicts.skip('openrpc.document', l10n.t('the server has no rpc.discover'));
  }

  for (const { probe: name, value } of responses) {
    if (value.jsonrpc === '2.0') verdicts.pass('jsonrpc.version');
    else verdicts.broken('jsonrpc.version', l10n.t('"jsonrpc": "MUST be exactly \\"2.0\\""; the answer to {0} has {1}', name, value.jsonrpc === undefined ? l10n.t('none') : JSON.stringify(value.jsonrpc)));
    const problem = shapeProblem(value);
    if (problem) verdicts.broken('jsonrpc.response-shape', l10n.t('the answer to {0}: {1}', name, problem));
    else verdicts.pass('jsonrpc.response-shape');
  }
  verdicts.skip('jsonrpc.content-type', l10n.t('no answer had a body'));
  return verdicts.list(l10n.t('no response object to check'));
}

function shapeProblem(value: JsonObject): string | undefined {
  const hasResult = 'result' in value;
  const hasError = 'error' in value;
  if (hasResult === hasError) return l10n.t('"Either the result member or error member MUST be included, but both members MUST NOT be included"');
  if (!hasError) return undefined;
  const error = value.error;
  if (!isObject(error)) return l10n.t('"error" MUST be an Object');
  if (typeof error.code !== 'number' || !Number.isInteger(error.code)) return l10n.t('the error "code" MUST be an integer, not {0}', shown(error.code ?? null));
  if (typeof error.message !== 'string') return l10n.t('the error "message" MUST be a String, not {0}', shown(error.message ?? null));
  return undefined;
}
