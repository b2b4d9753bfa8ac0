/**
 * The one HTTP transport of every protocol: a POST with a deadline, cancellation, a response-size cap enforced
 * while receiving (and on the decompressed size), keep-alive, basic auth from the URL, custom headers and TLS
 * options. Every failure becomes an RpcError with a one-line message.
 */
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import * as tls from 'node:tls';
import * as zlib from 'node:zlib';
import * as l10n from '@vscode/l10n';
import { RpcError } from './errors';
import { describeNetworkError, formatBytes, httpStatusError } from './httpErrors';
import { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from './transportDefaults';
import { parseEndpointUrl } from './urlCheck';
import { closeIdleHttp1Connections, http1Exchange, type Http1Exchange } from './http1Client';
import { basicAuthorization, maskHeaders, urlCredentials, urlWithoutCredentials } from './secrets';
import type { TransportOptions } from './types';

// Here too for the modules that import them from the transport; they live apart so that reading a setting or checking
// a URL does not load the HTTP client (a chunk of the extension, esbuild.js).
export { DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from './transportDefaults';
export { parseEndpointUrl } from './urlCheck';
export { describeNetworkError, formatBytes, httpStatusError } from './httpErrors';

export interface HttpResponse {
  status: number;
  statusMessage?: string;
  /** host:port, for messages. */
  host: string;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface PostOptions extends TransportOptions {
  /**
   * Statuses besides 2xx whose body the caller reads itself (e.g. JSON-RPC errors sent with HTTP 500); its decoder
   * reports one it cannot read with `httpStatusError`. The connection is closed after them all the same.
   */
  acceptStatus?: (status: number) => boolean;
}

// Keep-alive agents, one per TLS configuration, so repeated calls reuse connections.
const IDLE_CONNECTION_MS = 2000;
const agents = new Map<string, http.Agent>();

function agentFor(url: URL, options: TransportOptions): http.Agent {
  const secure = url.protocol === 'https:';
  const key = secure ? `https|${options.caFile ?? ''}|${options.insecure ? 1 : 0}` : 'http';
  let agent = agents.get(key);
  if (!agent) {
    // An idle kept-alive connection is closed after IDLE_CONNECTION_MS: servers that serve one connection at a time
    // (Perl's RPC::XML::Server) are not blocked by ours, and we close before a server's own idle timeout does.
    const pool = { keepAlive: true, maxSockets: 16, timeout: IDLE_CONNECTION_MS };
    agent = secure ? new https.Agent({ ...pool, ...tlsOptions(url, options) }) : new http.Agent(pool);
    agents.set(key, agent);
  }
  return agent;
}

/** The TLS settings of an endpoint: an extra CA on top of the system ones (not instead of them), or no checks. */
function tlsOptions(url: URL, options: TransportOptions): https.AgentOptions {
  if (url.protocol !== 'https:') return {};
  let ca: (string | Buffer)[] | undefined;
  if (options.caFile) {
    try {
      ca = [...tls.rootCertificates, fs.readFileSync(options.caFile)];
    } catch (e) {
      throw new RpcError('usage', l10n.t('cannot read the CA file {0}: {1}', options.caFile, (e as NodeJS.ErrnoException).code ?? (e as Error).message));
    }
  }
  return { ca, rejectUnauthorized: !options.insecure };
}

/** Closes pooled connections (tests and the CLI call this so the process can exit at once). */
export function closeIdleConnections(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
  closeIdleHttp1Connections();
}

function headerRecord(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/** The body as sent; an empty body is empty whatever its Content-Encoding says. */
function decompress(raw: Buffer, encoding: string, host: string, maxBytes: number): Buffer {
  if (raw.length === 0 || encoding === '' || encoding === 'identity') return raw;
  const limits = { maxOutputLength: maxBytes, finishFlush: zlib.constants.Z_SYNC_FLUSH };
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(raw, limits);
    if (encoding === 'deflate') return zlib.inflateSync(raw, limits);
    if (encoding === 'br') return zlib.brotliDecompressSync(raw, { maxOutputLength: maxBytes });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError) {
      throw new RpcError('too-large', l10n.t('response from {0} exceeds the {1} limit once decompressed', host, formatBytes(maxBytes)));
    }
    throw new RpcError('malformed', l10n.t('cannot decode the {0} response from {1}: {2}', encoding, host, (error as Error).message));
  }
  throw new RpcError('malformed', l10n.t('{0} answered with an unknown Content-Encoding "{1}"', host, encoding));
}

/** POSTs a body and resolves to the raw answer, whatever its status (the doctor judges malformed answers itself). */
export function postBody(url: string, body: string | Buffer, contentType: string, options: PostOptions = {}, label = ''): Promise<HttpResponse> {
  return postRequest(url, body, contentType, options, label, (response) => response);
}

/**
 * POSTs a body and decodes the answer before its connection may serve another request: a connection goes back to
 * the pool only after a complete 2xx (or accepted) answer that `decode` read without error. After an error status,
 * a decode error, a cut or unread body, or `Connection: close`, the connection is closed — some servers (aria2)
 * answer every later request on a connection with the error they gave first.
 */
export async function postRequest<T>(
  url: string,
  body: string | Buffer,
  contentType: string,
  options: PostOptions,
  label: string,
  decode: (response: HttpResponse) => T,
): Promise<T> {
  const target = parseEndpointUrl(url);
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const headers: Record<string, string> = {
    'content-type': contentType,
    'content-length': String(payload.length),
    'accept-encoding': 'gzip, deflate',
    'user-agent': 'rpc-explorer',
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  const credentials = urlCredentials(url);
  if (credentials) headers['authorization'] ??= basicAuthorization(credentials.username, credentials.password);
  options.onWire?.({
    direction: 'request',
    method: label,
    url: urlWithoutCredentials(url),
    headers: maskHeaders(headers),
    body: payload.toString('utf8'),
  });

  const started = Date.now();
  try {
    return await sendOnce(target, payload, headers, options, label, started, decode, false);
  } catch (error) {
    if (!(error instanceof DroppedReusedConnection)) throw error;
    // The request went out on a kept-alive connection that the server had closed, and not one byte came back.
    // A discovery request is sent again on a fresh connection; a user's call may have side effects, so it is not.
    if (options.idempotent) return sendOnce(target, payload, headers, options, label, started, decode, true);
    throw new RpcError(
      'connection',
      l10n.t('{0} dropped a kept-alive connection before answering ({1}); the call was not sent again: send it again', target.host, error.code),
      undefined,
      { hungUp: 'reused-connection' },
    );
  }
}

class DroppedReusedConnection extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

function sendOnce<T>(
  target: URL,
  payload: Buffer,
  headers: Record<string, string>,
  options: PostOptions,
  label: string,
  started: number,
  decode: (response: HttpResponse) => T,
  freshConnection: boolean,
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const signal = options.signal;

  return new Promise<T>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new RpcError('cancelled', l10n.t('request cancelled')));
      return;
    }
    let settled = false;
    const settle = () => {
      settled = true;
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
    };
    const finish = (error: Error) => {
      if (settled) return;
      settle();
      // Never synchronous: every failure comes from an event after the connection below exists.
      connection.destroy();
      reject(error);
    };
    const deadline = setTimeout(() => {
      finish(new RpcError('timeout', l10n.t('no complete answer from {0} within {1} s (timeout)', target.host, timeoutMs / 1000)));
    }, timeoutMs);
    const onAbort = () => finish(new RpcError('cancelled', l10n.t('request cancelled')));
    signal?.addEventListener('abort', onAbort, { once: true });

    // What every connection reports, read the same way: the head, the body pieces, the whole answer, a failure.
    let status = 0;
    let statusMessage: string | undefined;
    let responseHeaders: Record<string, string> = {};
    let accepted = false;
    let encoding = '';
    const chunks: Buffer[] = [];
    let received = 0;
    const answer: AnswerHandlers = {
      head(head) {
        status = head.status;
        statusMessage = head.statusMessage;
        responseHeaders = head.headers;
        accepted = (status >= 200 && status < 300) || Boolean(options.acceptStatus?.(status));
        const declared = Number(responseHeaders['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          finish(new RpcError('too-large', l10n.t('response of {0} from {1} exceeds the {2} limit', formatBytes(declared), target.host, formatBytes(maxBytes))));
          return;
        }
        encoding = (responseHeaders['content-encoding'] ?? '').toLowerCase().trim();
      },
      body(piece) {
        if (settled) return;
        received += piece.length;
        if (received > maxBytes) {
          finish(new RpcError('too-large', l10n.t('response from {0} exceeds the {1} limit', target.host, formatBytes(maxBytes))));
          return;
        }
        chunks.push(piece);
      },
      complete() {
        if (settled) return false;
        const raw = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, received);
        let body: Buffer;
        try {
          // The status first: an error is reported as the status, even when its body cannot be decompressed.
          body = accepted ? decompress(raw, encoding, target.host, maxBytes) : decompressForExcerpt(raw, encoding, maxBytes);
        } catch (error) {
          finish(error as Error);
          return false;
        }
        options.onWire?.({
          direction: 'response',
          method: label,
          url: urlWithoutCredentials(target.toString()),
          status,
          headers: responseHeaders,
          body: body.toString('utf8'),
          elapsedMs: Date.now() - started,
        });
        if (!accepted) {
          finish(httpStatusError(status, statusMessage, target.host, body));
          return false;
        }
        try {
          const value = decode({ status, statusMessage, host: target.host, headers: responseHeaders, body });
          settle();
          resolve(value);
          // An error status closes the connection after the answer, whatever the server said about keeping it.
          return status >= 200 && status < 300;
        } catch (error) {
          settle();
          reject(error);
          return false;
        }
      },
      failed(error, answered, reused) {
        if (settled) return;
        if (!answered && reused && isDroppedConnection(error)) {
          finish(new DroppedReusedConnection(error.code ?? 'ECONNRESET'));
        } else if (answered && !error.code?.startsWith('HPE_')) {
          finish(new RpcError('connection', l10n.t('{0} closed the connection in the middle of its answer', target.host), undefined, { hungUp: 'mid-answer' }));
        } else {
          finish(describeNetworkError(error, target));
        }
      },
    };
    const connection: Connection =
      target.protocol === 'http:' && isLoopback(target.hostname) && plainHeaders(headers)
        ? overHttp1(target, payload, headers, answer, freshConnection)
        : overNodeHttp(target, payload, headers, options, answer, freshConnection);
  });
}

/** The answer of one request, as its connection reports it. `complete` says whether the connection may be kept. */
interface AnswerHandlers {
  head(head: { status: number; statusMessage: string | undefined; headers: Record<string, string> }): void;
  body(piece: Buffer): void;
  complete(): boolean;
  failed(error: NodeJS.ErrnoException, answered: boolean, reused: boolean): void;
}

interface Connection {
  destroy(): void;
}

/**
 * This machine (where local RPC servers run): calls to it take our own HTTP/1.1 exchange. Others go through
 * node:http, which VS Code's extension host patches to honour the user's proxy settings.
 */
function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/** Header names and values that go on the wire as they are (no line breaks, Latin-1); node:http refuses others. */
function plainHeaders(headers: Record<string, string>): boolean {
  for (const name in headers) {
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name) || /[^\t\x20-\x7e\x80-\xff]/.test(headers[name])) return false;
  }
  return true;
}

/** http:// to this machine over our own HTTP/1.1 exchange: one write, no agent (src/core/http1Client.ts). */
function overHttp1(target: URL, payload: Buffer, headers: Record<string, string>, answer: AnswerHandlers, fresh: boolean): Connection {
  let head = `POST ${target.pathname}${target.search} HTTP/1.1\r\n`;
  if (!('host' in headers)) head += `host: ${target.host}\r\n`;
  for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
  if (!('connection' in headers)) head += fresh ? 'connection: close\r\n' : 'connection: keep-alive\r\n';
  head += '\r\n';
  const request = Buffer.allocUnsafe(Buffer.byteLength(head, 'latin1') + payload.length);
  const headLength = request.write(head, 'latin1');
  payload.copy(request, headLength);
  const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
  const port = target.port ? Number(target.port) : 80;
  const exchange: Http1Exchange = http1Exchange({ host, port }, request, {
    head: (h) => answer.head(h),
    body: (piece) => answer.body(piece),
    complete: () => exchange.release(answer.complete()),
    error: (error, answered) => answer.failed(error, answered, exchange.reusedSocket),
  }, fresh, IDLE_CONNECTION_MS);
  return exchange;
}

/** https://, other machines, and headers node:http checks itself: node:http(s) and the keep-alive agents. */
function overNodeHttp(target: URL, payload: Buffer, headers: Record<string, string>, options: PostOptions, answer: AnswerHandlers, fresh: boolean): Connection {
  const lib = target.protocol === 'https:' ? https : http;
  const request = lib.request(target, {
    method: 'POST',
    headers,
    // A fresh connection that is closed after the answer: the retry after a dropped kept-alive one.
    agent: fresh ? false : agentFor(target, options),
    ...(fresh ? tlsOptions(target, options) : {}),
    // Reaches an IPv4-only server behind `localhost` even where localhost resolves to ::1 first.
    autoSelectFamily: true,
  } as http.RequestOptions);
  let answered = false;
  const keepOut = () => {
    (request as http.ClientRequest & { shouldKeepAlive: boolean }).shouldKeepAlive = false;
  };
  request.on('error', (error: NodeJS.ErrnoException) => {
    answer.failed(error, answered, Boolean((request as http.ClientRequest & { reusedSocket?: boolean }).reusedSocket));
  });
  request.on('response', (response) => {
    answered = true;
    const status = response.statusCode ?? 0;
    if (status < 200 || status >= 300) keepOut();
    answer.head({ status, statusMessage: response.statusMessage, headers: headerRecord(response.headers) });
    response.on('data', (chunk: Buffer) => answer.body(chunk));
    const cut = () => answer.failed(Object.assign(new Error('aborted'), { code: 'ECONNRESET' }), true, false);
    response.on('aborted', cut);
    response.on('close', () => {
      if (!response.complete) cut();
    });
    // Before Node's own 'end' listener, which hands the connection back to the pool: a body that cannot be
    // decoded keeps its connection out of it.
    response.prependListener('end', () => {
      if (!answer.complete()) keepOut();
    });
  });
  request.end(payload);
  return { destroy: () => request.destroy() };
}

/** An error status's body, decompressed when it can be (for its excerpt only); the raw bytes otherwise. */
function decompressForExcerpt(raw: Buffer, encoding: string, maxBytes: number): Buffer {
  try {
    return decompress(raw, encoding, '', maxBytes);
  } catch {
    return Buffer.alloc(0);
  }
}

/** The ways a kept-alive connection that the server closed fails before any answer. */
function isDroppedConnection(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ECONNRESET' || error.code === 'EPIPE' || error.message === 'socket hang up' || Boolean(error.code?.startsWith('HPE_'));
}
