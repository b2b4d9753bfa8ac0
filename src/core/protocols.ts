/**
 * The protocols the core speaks: one list that auto-detection, `clientFor`, the labels, the CLI's `--protocol`
 * choices and its help read. A new protocol is a folder with a descriptor (see ProtocolDescriptor), one line here
 * and its id in types.ts's Protocol union (checked below); package.json's protocol enums must list the same ids
 * (test/unit/protocolRegistry.test.ts checks them).
 */
import * as l10n from '@vscode/l10n';
import { RpcError } from './errors';
import { hproseProtocol } from './hprose/descriptor';
import { jsonRpcProtocol } from './jsonrpc/descriptor';
import type { Protocol, ProtocolChoice, ProtocolDescriptor } from './types';
import { xmlRpcProtocol } from './xmlrpc/descriptor';

/**
 * In auto-detection order: the probes go out at once in this order, the first protocol whose probe answers wins
 * (the others are cancelled, so a server that stalls on a request it cannot read, like the npm hprose server's
 * 10 s, costs nothing), and a failed detection lists what each probe got in this order. hprose first: its probe
 * is the smallest request (one byte) and runs nothing on the server.
 */
export const PROTOCOL_REGISTRY = [hproseProtocol, xmlRpcProtocol, jsonRpcProtocol] as const;

/** Compile-time: the registry serves every id of types.ts's Protocol (a missing one fails to type-check here). */
type RegisteredId = (typeof PROTOCOL_REGISTRY)[number]['id'];
const everyProtocolRegistered: [Exclude<Protocol, RegisteredId>] extends [never] ? true : false = true;
void everyProtocolRegistered;

/** The protocol ids, in auto-detection order. */
export const PROTOCOLS: readonly Protocol[] = PROTOCOL_REGISTRY.map((descriptor) => descriptor.id);

/** What `--protocol` and the endpoint settings accept: 'auto', then the protocol ids. */
export const PROTOCOL_CHOICES: readonly ProtocolChoice[] = ['auto', ...PROTOCOLS];

export const PROTOCOL_LABELS = Object.fromEntries(PROTOCOL_REGISTRY.map((descriptor) => [descriptor.id, descriptor.label])) as Readonly<Record<Protocol, string>>;

export function isProtocol(value: unknown): value is Protocol {
  return typeof value === 'string' && (PROTOCOLS as readonly string[]).includes(value);
}

export function isProtocolChoice(value: unknown): value is ProtocolChoice {
  return value === 'auto' || isProtocol(value);
}

/** The descriptor of a protocol id; an unknown id is a usage error naming the known ones. */
export function protocolDescriptor(id: string): ProtocolDescriptor<Protocol> {
  const found = PROTOCOL_REGISTRY.find((descriptor) => descriptor.id === id);
  if (!found) throw new RpcError('usage', l10n.t('unknown protocol "{0}" (expected {1})', id, PROTOCOL_CHOICES.join(', ')));
  return found;
}
