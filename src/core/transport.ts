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
import { RpcError } from './errors';
import type { TransportOptions } from './types';

export const DEFAULT_TIMEOUT_MS = 30_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

export interface HttpResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: Buffer;
}

export interface PostOptions extends TransportOptions {
  /** Statuses besides 2xx whose body the caller reads itself (e.g. JSON-RPC errors sent with HTTP 500). */
  acceptStatus?: (status: number) => boolean;
}

/** Headers whose values never reach a log. */
const SECRET_HEADER = /authorization|cookie|token|secret|password|passwd|api[-_]?key|session/i;

export function maskHeaders(headers: Record<string, string>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) masked[name] = SECRET_HEADER.test(name) ? '***' : value;
  return masked;
}

/** The URL as it may be shown or logged: user-info password replaced. */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}

/** Parses and checks an endpoint URL; a bad one is a usage error. */
export function parseEndpointUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new RpcError('usage', `not a valid URL: "${url}" (expected e.g. http://127.0.0.1:8889)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new RpcError('usage', `unsupported URL scheme "${parsed.protocol}" in ${maskUrl(url)}: use http:// or https://`);
  }
  if (!parsed.hostname) throw new RpcError('usage', `no host in URL "${maskUrl(url)}"`);
  return parsed;
}

// Keep-alive agents, one per TLS configuration, so repeated calls reuse connections.
const agents = new Map<string, http.Agent>();

function agentFor(url: URL, options: TransportOptions): http.Agent {
  const secure = url.protocol === 'https:';
  const key = secure ? `https|${options.caFile ?? ''}|${options.insecure ? 1 : 0}` : 'http';
  let agent = agents.get(key);
  if (!agent) {
    if (secure) {
      let ca: (string | Buffer)[] | undefined;
      if (options.caFile) {
        try {
          // Extra CA on top of the system ones (Node's default store), not instead of them.
          ca = [...tls.rootCertificates, fs.readFileSync(options.caFile)];
        } catch (e) {
          throw new RpcError('usage', `cannot read the CA file ${options.caFile}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
        }
      }
      agent = new https.Agent({ keepAlive: true, maxSockets: 16, ca, rejectUnauthorized: !options.insecure });
    } else {
      agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
    }
    agents.set(key, agent);
  }
  return agent;
}

/** Closes pooled connections (tests and the CLI call this so the process can exit at once). */
export function closeIdleConnections(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(bytes % (1024 * 1024) === 0 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

function excerpt(body: Buffer): string {
  const text = body.subarray(0, 400).toString('utf8');
  // Prefer an HTML page's title or first heading; otherwise the first line of text.
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(text) ?? /<h1[^>]*>([^<]*)<\/h1>/i.exec(text);
  const raw = title ? title[1] : text.replace(/<[^>]*>/g, ' ');
  const line = raw.replace(/\s+/g, ' ').trim();
  return line.length > 120 ? line.slice(0, 117) + '...' : line;
}

function describeNetworkError(error: NodeJS.ErrnoException, url: URL): RpcError {
  const where = url.host;
  switch (error.code) {
    case 'ECONNREFUSED':
      return new RpcError('connection', `connection refused by ${where}: is the server running?`);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new RpcError('connection', `host not found: ${url.hostname}`);
    case 'ECONNRESET':
    case 'EPIPE':
      return new RpcError('connection', `${where} closed the connection before answering`);
    case 'ETIMEDOUT':
    case 'ENETUNREACH':
    case 'EHOSTUNREACH':
      return new RpcError('connection', `cannot reach ${where} (${error.code})`);
    case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'SELF_SIGNED_CERT_IN_CHAIN':
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE':
    case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY':
    case 'CERT_HAS_EXPIRED':
    case 'ERR_TLS_CERT_ALTNAME_INVALID':
      return new RpcError(
        'connection',
        `TLS certificate of ${where} not trusted (${error.code}): add its CA file, or allow insecure TLS for this endpoint`,
      );
    default:
      if (error.message === 'socket hang up') return new RpcError('connection', `${where} closed the connection before answering`);
      return new RpcError('connection', `cannot connect to ${where}: ${error.code ?? error.message}`);
  }
}

function headerRecord(raw: http.IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * POSTs a body and resolves with the whole response once it is in, within the deadline and the size cap.
 * `label` names the call in the wire log (the RPC method).
 */
export async function postBody(
  url: string,
  body: string | Buffer,
  contentType: string,
  options: PostOptions = {},
  label = '',
): Promise<HttpResponse> {
  const target = parseEndpointUrl(url);
  const payload = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  const headers: Record<string, string> = {
    'content-type': contentType,
    'content-length': String(payload.length),
    'accept-encoding': 'gzip, deflate',
    'user-agent': 'rpc-explorer',
  };
  for (const [name, value] of Object.entries(options.headers ?? {})) headers[name.toLowerCase()] = value;
  if (target.username || target.password) {
    const user = decodeURIComponent(target.username);
    const pass = decodeURIComponent(target.password);
    headers['authorization'] ??= 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
  }
  options.onWire?.({
    direction: 'request',
    method: label,
    url: maskUrl(url),
    headers: maskHeaders(headers),
    body: payload.toString('utf8'),
  });

  return sendWithRetry(target, payload, headers, options, label, Date.now());
}

async function sendWithRetry(
  target: URL,
  payload: Buffer,
  headers: Record<string, string>,
  options: PostOptions,
  label: string,
  started: number,
): Promise<HttpResponse> {
  try {
    return await sendOnce(target, payload, headers, options, label, started);
  } catch (error) {
    // A kept-alive socket the server closed while idle fails before any byte of the answer: the request never
    // reached the server, so one retry on a fresh connection is safe (Node's documented pattern).
    if (error instanceof StaleSocketError) return sendOnce(target, payload, headers, options, label, started);
    throw error;
  }
}

class StaleSocketError extends Error {}

function sendOnce(
  target: URL,
  payload: Buffer,
  headers: Record<string, string>,
  options: PostOptions,
  label: string,
  started: number,
): Promise<HttpResponse> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const signal = options.signal;

  return new Promise<HttpResponse>((resolve, reject) => {
    if (signal?.aborted) {
      reject(new RpcError('cancelled', 'request cancelled'));
      return;
    }
    let settled = false;
    let gotResponse = false;
    const lib = target.protocol === 'https:' ? https : http;
    const request = lib.request(target, {
      method: 'POST',
      headers,
      agent: agentFor(target, options),
      // Reaches an IPv4-only server behind `localhost` even where localhost resolves to ::1 first.
      autoSelectFamily: true,
    } as http.RequestOptions);

    const finish = (error: Error | null, response?: HttpResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      signal?.removeEventListener('abort', onAbort);
      if (error) {
        request.destroy();
        reject(error);
      } else {
        resolve(response!);
      }
    };
    const deadline = setTimeout(() => {
      finish(new RpcError('timeout', `no complete answer from ${target.host} within ${timeoutMs / 1000} s (timeout)`));
    }, timeoutMs);
    const onAbort = () => finish(new RpcError('cancelled', 'request cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });

    request.on('error', (error: NodeJS.ErrnoException) => {
      if (settled) return;
      if (!gotResponse && (request as http.ClientRequest & { reusedSocket?: boolean }).reusedSocket && error.code === 'ECONNRESET') {
        finish(new StaleSocketError());
        return;
      }
      finish(describeNetworkError(error, target));
    });

    request.on('response', (response) => {
      gotResponse = true;
      const status = response.statusCode ?? 0;
      const responseHeaders = headerRecord(response.headers);
      const declared = Number(response.headers['content-length']);
      if (Number.isFinite(declared) && declared > maxBytes) {
        response.destroy();
        finish(
          new RpcError('too-large', `response of ${formatBytes(declared)} from ${target.host} exceeds the ${formatBytes(maxBytes)} limit`),
        );
        return;
      }

      // Decompress as it arrives, counting the decompressed bytes against the cap (a zip bomb stops early).
      const encoding = (response.headers['content-encoding'] ?? '').toLowerCase().trim();
      let stream: NodeJS.ReadableStream = response;
      if (encoding === 'gzip' || encoding === 'x-gzip') stream = response.pipe(zlib.createGunzip());
      else if (encoding === 'deflate') stream = response.pipe(zlib.createInflate());
      else if (encoding === 'br') stream = response.pipe(zlib.createBrotliDecompress());

      const chunks: Buffer[] = [];
      let received = 0;
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        received += chunk.length;
        if (received > maxBytes) {
          // Settle first: destroying an incomplete response emits 'aborted' synchronously, which would win.
          finish(new RpcError('too-large', `response from ${target.host} exceeds the ${formatBytes(maxBytes)} limit`));
          response.destroy();
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', (error: Error) => {
        if (stream === response) return; // the response's own errors arrive as 'aborted'/'close' below
        finish(new RpcError('malformed', `cannot decode the ${encoding} response from ${target.host}: ${error.message}`));
      });
      response.on('aborted', () => {
        finish(new RpcError('connection', `${target.host} closed the connection in the middle of its answer`));
      });
      response.on('close', () => {
        if (!response.complete) {
          finish(new RpcError('connection', `${target.host} closed the connection in the middle of its answer`));
        }
      });
      stream.on('end', () => {
        if (settled) return;
        const bodyBuffer = Buffer.concat(chunks, received);
        options.onWire?.({
          direction: 'response',
          method: label,
          url: maskUrl(target.toString()),
          status,
          headers: responseHeaders,
          body: bodyBuffer.toString('utf8'),
          elapsedMs: Date.now() - started,
        });
        const ok = status >= 200 && status < 300;
        if (!ok && !options.acceptStatus?.(status)) {
          let text = excerpt(bodyBuffer);
          if (text.startsWith(String(status))) text = ''; // an error page titled "404 Not Found" adds nothing
          finish(
            new RpcError(
              'http',
              `HTTP ${status}${response.statusMessage ? ' ' + response.statusMessage : ''} from ${target.host}${text ? ': ' + text : ''}`,
            ),
          );
          return;
        }
        finish(null, { status, headers: responseHeaders, body: bodyBuffer });
      });
    });

    request.end(payload);
  });
}

