/**
 * One kept-alive HTTP/1.1 connection of the load runner: a request goes out as one write and its answer is framed
 * by a small parser (Content-Length, chunked, or until close). node:http costs about half the throughput a load
 * tool needs (its agent, header objects and streams per request), so the runner speaks HTTP itself; it only ever
 * sends POSTs of a body it built, one at a time per connection.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import * as zlib from 'node:zlib';
import * as l10n from '@vscode/l10n';
import { RpcError } from '../errors';

export interface RawReply {
  status: number;
  /** Content-Encoding, lower-cased ('' when none). */
  encoding: string;
  body: Buffer;
}

export interface ConnectionTarget {
  host: string;
  port: number;
  /** host:port for messages. */
  where: string;
  secure: boolean;
  tls?: tls.ConnectionOptions;
}

const CRLFCRLF = Buffer.from('\r\n\r\n');
const EMPTY = Buffer.alloc(0);
const MAX_HEAD = 64 * 1024;

type Framing = { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

export class LoadConnection {
  private socket: net.Socket | undefined;
  private pending: { resolve: (reply: RawReply) => void; reject: (error: Error) => void; deadline: number; timeoutMs: number } | undefined;
  private buffer: Buffer = EMPTY;
  private head: { status: number; encoding: string; framing: Framing; keepAlive: boolean; bodyStart: number } | undefined;
  private chunks: Buffer[] = [];

  constructor(
    private readonly target: ConnectionTarget,
    private readonly maxBytes: number,
  ) {}

  /**
   * Sends one request (head and body already written out) and resolves with its answer. The deadline is checked by
   * `checkDeadline`, which the runner calls for all connections from one timer (a timer per call costs throughput).
   */
  send(request: Buffer, timeoutMs: number): Promise<RawReply> {
    return new Promise<RawReply>((resolve, reject) => {
      this.pending = { resolve, reject, deadline: performance.now() + timeoutMs, timeoutMs };
      const socket = this.socket ?? this.connect();
      socket.write(request);
    });
  }

  /** Fails the call in flight when its deadline has passed. */
  checkDeadline(now: number): void {
    const pending = this.pending;
    if (pending && now >= pending.deadline) {
      this.fail(new RpcError('timeout', l10n.t('no complete answer from {0} within {1} s (timeout)', this.target.where, pending.timeoutMs / 1000)));
    }
  }

  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
  }

  private connect(): net.Socket {
    const { host, port } = this.target;
    const socket = this.target.secure ? tls.connect({ host, port, servername: net.isIP(host) ? undefined : host, ...this.target.tls }) : net.connect({ host, port });
    socket.setNoDelay(true);
    this.buffer = EMPTY;
    this.head = undefined;
    this.chunks = [];
    socket.on('data', (data: Buffer) => this.onData(data));
    socket.on('error', (error: NodeJS.ErrnoException) => this.fail(networkError(error, this.target.where)));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      if (this.head?.framing.kind === 'close') this.complete(Buffer.concat(this.chunks), false);
      else this.fail(new RpcError('connection', l10n.t('{0} closed the connection before answering', this.target.where)));
    });
    this.socket = socket;
    return socket;
  }

  private fail(error: Error): void {
    this.socket?.destroy();
    this.socket = undefined;
    const pending = this.pending;
    if (!pending) return;
    this.pending = undefined;
    pending.reject(error);
  }

  private complete(body: Buffer, keepAlive: boolean): void {
    const pending = this.pending;
    const head = this.head!;
    this.pending = undefined;
    this.head = undefined;
    this.chunks = [];
    if (!keepAlive) this.close();
    if (!pending) return;
    pending.resolve({ status: head.status, encoding: head.encoding, body });
  }

  private onData(data: Buffer): void {
    if (!this.pending) {
      // Bytes nobody asked for: the connection is out of step, start afresh.
      this.close();
      return;
    }
    this.buffer = this.buffer.length === 0 ? data : Buffer.concat([this.buffer, data]);
    if (!this.head) {
      const end = this.buffer.indexOf(CRLFCRLF);
      if (end < 0) {
        if (this.buffer.length > MAX_HEAD) this.fail(new RpcError('malformed', l10n.t('{0} sent something that is not HTTP ({1})', this.target.where, 'header overflow')));
        return;
      }
      const parsed = parseHead(this.buffer.toString('latin1', 0, end));
      if (!parsed) {
        this.fail(new RpcError('malformed', l10n.t('{0} sent something that is not HTTP ({1})', this.target.where, this.buffer.toString('latin1', 0, Math.min(end, 40)))));
        return;
      }
      if (parsed.status >= 100 && parsed.status < 200) {
        this.buffer = this.buffer.subarray(end + 4); // 100 Continue and friends: the real answer follows
        if (this.buffer.length > 0) this.onData(EMPTY);
        return;
      }
      this.head = { ...parsed, bodyStart: end + 4 };
      this.buffer = this.buffer.subarray(end + 4);
    }
    this.readBody();
  }

  private readBody(): void {
    const head = this.head!;
    const framing = head.framing;
    if (framing.kind === 'length') {
      if (framing.length > this.maxBytes) return this.tooLarge();
      if (this.buffer.length < framing.length) return;
      const body = this.buffer.subarray(0, framing.length);
      this.buffer = EMPTY;
      this.complete(body, head.keepAlive);
      return;
    }
    if (framing.kind === 'close') {
      this.chunks.push(this.buffer);
      this.buffer = EMPTY;
      if (this.chunks.reduce((n, c) => n + c.length, 0) > this.maxBytes) this.tooLarge();
      return;
    }
    // chunked
    for (;;) {
      const lineEnd = this.buffer.indexOf('\r\n');
      if (lineEnd < 0) return;
      const size = parseInt(this.buffer.toString('latin1', 0, lineEnd), 16);
      if (!Number.isFinite(size) || size < 0) {
        this.fail(new RpcError('malformed', l10n.t('{0} sent something that is not HTTP ({1})', this.target.where, 'chunk size')));
        return;
      }
      if (size === 0) {
        const trailerEnd = this.buffer.indexOf(CRLFCRLF, lineEnd);
        const simpleEnd = this.buffer.length >= lineEnd + 4 && this.buffer[lineEnd + 2] === 13 && this.buffer[lineEnd + 3] === 10;
        if (!simpleEnd && trailerEnd < 0) return;
        this.buffer = EMPTY;
        this.complete(Buffer.concat(this.chunks), head.keepAlive);
        return;
      }
      if (this.buffer.length < lineEnd + 2 + size + 2) return;
      this.chunks.push(this.buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
      if (this.chunks.reduce((n, c) => n + c.length, 0) > this.maxBytes) return this.tooLarge();
      this.buffer = this.buffer.subarray(lineEnd + 2 + size + 2);
    }
  }

  private tooLarge(): void {
    this.fail(new RpcError('too-large', l10n.t('response from {0} exceeds the {1} limit', this.target.where, `${Math.round(this.maxBytes / 1024 / 1024)} MB`)));
  }
}

function parseHead(text: string): { status: number; encoding: string; framing: Framing; keepAlive: boolean } | undefined {
  const match = /^HTTP\/1\.([01]) (\d{3})/.exec(text);
  if (!match) return undefined;
  const http10 = match[1] === '0';
  let length = -1;
  let chunked = false;
  let encoding = '';
  let connection = '';
  let start = text.indexOf('\r\n');
  while (start >= 0 && start < text.length) {
    const end = text.indexOf('\r\n', start + 2);
    const line = text.slice(start + 2, end < 0 ? text.length : end);
    const colon = line.indexOf(':');
    if (colon > 0) {
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      if (name === 'content-length') length = Number(value);
      else if (name === 'transfer-encoding') chunked = value.toLowerCase().includes('chunked');
      else if (name === 'content-encoding') encoding = value.toLowerCase();
      else if (name === 'connection') connection = value.toLowerCase();
    }
    start = end;
  }
  const status = Number(match[2]);
  const keepAlive = http10 ? connection.includes('keep-alive') : !connection.includes('close');
  const noBody = status === 204 || status === 304;
  const framing: Framing = noBody ? { kind: 'length', length: 0 } : chunked ? { kind: 'chunked' } : length >= 0 ? { kind: 'length', length } : { kind: 'close' };
  return { status, encoding, framing, keepAlive: keepAlive && framing.kind !== 'close' };
}

/** The body as sent, for gzip / deflate / br answers (we ask for none, some servers compress anyway). */
export function decodedBody(reply: RawReply, maxBytes: number, where: string): Buffer {
  const { encoding, body } = reply;
  if (body.length === 0 || encoding === '' || encoding === 'identity') return body;
  try {
    if (encoding === 'gzip' || encoding === 'x-gzip') return zlib.gunzipSync(body, { maxOutputLength: maxBytes });
    if (encoding === 'deflate') return zlib.inflateSync(body, { maxOutputLength: maxBytes });
    if (encoding === 'br') return zlib.brotliDecompressSync(body, { maxOutputLength: maxBytes });
  } catch (error) {
    throw new RpcError('malformed', l10n.t('cannot decode the {0} response from {1}: {2}', encoding, where, (error as Error).message));
  }
  throw new RpcError('malformed', l10n.t('{0} answered with an unknown Content-Encoding "{1}"', where, encoding));
}

function networkError(error: NodeJS.ErrnoException, where: string): RpcError {
  switch (error.code) {
    case 'ECONNREFUSED':
      return new RpcError('connection', l10n.t('connection refused by {0}: is the server running?', where));
    case 'ECONNRESET':
    case 'EPIPE':
      return new RpcError('connection', l10n.t('{0} closed the connection before answering', where));
    default:
      return new RpcError('connection', l10n.t('cannot connect to {0}: {1}', where, error.code ?? error.message));
  }
}
