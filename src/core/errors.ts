import * as l10n from '@vscode/l10n';
import type { Protocol, TypedValue } from './types';

/**
 * Why a request failed without the server answering with a fault. Each kind maps to CLI exit code 2
 * and to a one-line message for users (the message never holds a stack trace).
 */
export type RpcErrorKind =
  | 'usage' // bad URL, bad arguments
  | 'connection' // refused, reset, DNS, TLS
  | 'timeout'
  | 'cancelled'
  | 'http' // non-2xx status
  | 'malformed' // the body is not the protocol (HTML, broken XML, wrong JSON-RPC id, DOCTYPE)
  | 'too-large' // over the response size cap
  | 'no-introspection' // the server speaks the protocol but cannot list its methods
  | 'unsupported'; // no protocol answered (auto-detection)

/**
 * What code may decide on besides the kind: the message is for people and is translated, so nothing reads it.
 */
export interface RpcErrorDetail {
  /** kind 'http': the response's status code. */
  status?: number;
  /**
   * kind 'connection': the server took the request and hung up instead of answering (so it is there, unlike a refused
   * connection): before any answer, in the middle of one, on a reused kept-alive connection (the call is not sent
   * again), or after sending something that is not HTTP.
   */
  hungUp?: 'before-answer' | 'mid-answer' | 'reused-connection' | 'not-http';
  /** kind 'malformed': the body is a web page. */
  webPage?: boolean;
}

export class RpcError extends Error {
  constructor(
    readonly kind: RpcErrorKind,
    message: string,
    /** The protocol the server was found to speak, when known (e.g. no-introspection on XML-RPC). */
    readonly protocol?: Protocol,
    readonly detail: RpcErrorDetail = {},
  ) {
    super(message);
    this.name = 'RpcError';
  }
}

/** The server answered with a fault (XML-RPC fault, JSON-RPC error object, hprose `E`). CLI exit code 1. */
export class RpcFault extends Error {
  constructor(
    readonly code: number | string | null,
    readonly faultString: string,
    readonly data?: TypedValue,
  ) {
    super(code === null ? faultString : l10n.t('fault {0}: {1}', String(code), faultString));
    this.name = 'RpcFault';
  }
}

/** One line for a user, whatever was thrown. */
export function describeError(error: unknown): string {
  if (error instanceof RpcError || error instanceof RpcFault) return firstLine(error.message);
  if (error instanceof Error) return firstLine(error.message || error.name);
  return firstLine(String(error));
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/, 1)[0].trim();
  return line.length > 300 ? line.slice(0, 297) + '...' : line;
}
