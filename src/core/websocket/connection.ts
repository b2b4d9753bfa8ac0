/**
 * One WebSocket connection to one JSON-RPC endpoint: opened on first use, kept while used (a pending call or a
 * notification listener), reopened with backoff when it drops while someone listens. Answers are matched to calls by
 * id, in any order; every other message (a notification, a server's own request) goes to the listeners.
 */
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import * as l10n from '@vscode/l10n';
import type WebSocket from 'ws';
import { RpcError } from '../errors';
import { parseJsonKeepingBigIntegers } from '../jsonrpc/bigIntegers';
import { basicAuthorization, maskHeaders, urlCredentials, urlWithoutCredentials } from '../secrets';
import { describeNetworkError, formatBytes, httpStatusError, DEFAULT_MAX_RESPONSE_BYTES, DEFAULT_TIMEOUT_MS } from '../transport';
import type { TypedValue, WireEvent } from '../types';

export type ConnectionState = 'idle' | 'connecting' | 'open' | 'reconnecting' | 'closed';

/** A message from the server that answers no call of ours. */
export interface ServerNotification {
  /** The endpoint URL, without credentials. */
  endpoint: string;
  method: string;
  /** As sent (typed JSON: integers beyond 2^53 as {"$i8"}); undefined when the message had none. */
  params: TypedValue | undefined;
  /** Milliseconds since the epoch. */
  receivedAt: number;
}

export interface ConnectionSettings {
  url: string;
  headers?: Record<string, string>;
  caFile?: string;
  insecure?: boolean;
  maxResponseBytes?: number;
}

export interface SocketSendOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  onWire?: (event: WireEvent) => void;
}

interface Pending {
  ids: readonly (number | string)[];
  resolve(text: Buffer): void;
  reject(error: Error): void;
}

/** Backoff of reconnection attempts: 0.5 s, doubling, at most 30 s. */
const FIRST_RETRY_MS = 500;
const LONGEST_RETRY_MS = 30_000;
/** A connection nobody uses is closed after this long. */
const IDLE_CLOSE_MS = 30_000;
const OPEN = 1;

/** The `ws` library, loaded on the first connection rather than with the core. */
function webSocketClass(): typeof WebSocket {

  return (require('./wsLibrary') as { default: typeof WebSocket }).default;
}

export class WebSocketConnection {
  private socket: WebSocket | undefined;
  private opening: Promise<void> | undefined;
  private currentState: ConnectionState = 'idle';
  private readonly pending = new Map<string, Pending>();
  private readonly stateListeners = new Set<(state: ConnectionState, detail?: string) => void>();
  private readonly notificationListeners = new Set<(notification: ServerNotification) => void>();
  private readonly answerListeners = new Set<(method: string, answer: Buffer) => void>();
  private retries = 0;
  private retryTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  private disposed = false;
  /** Why the last attempt failed or the socket closed, for the node's tooltip. */
  lastError: string | undefined;
  readonly endpoint: string;
  private readonly host: string;

  constructor(readonly settings: ConnectionSettings) {
    this.endpoint = urlWithoutCredentials(settings.url);
    this.host = new URL(settings.url).host;
  }

  get state(): ConnectionState {
    return this.currentState;
  }

  /** Called on every change of state; returns its unsubscribe. */
  onStateChange(listener: (state: ConnectionState, detail?: string) => void): () => void {
    this.stateListeners.add(listener);
    return () => this.stateListeners.delete(listener);
  }

  /** Called for every message that answers no call; a listener keeps the connection open (and reopened). */
  onNotification(listener: (notification: ServerNotification) => void): () => void {
    this.notificationListeners.add(listener);
    this.clearIdle();
    return () => {
      this.notificationListeners.delete(listener);
      this.scheduleIdleClose();
    };
  }

  /**
   * Called with every answer to one call (the method and the answer's bytes), e.g. to learn the subscription ids that
   * later notifications carry; does not keep the connection open.
   */
  onAnswer(listener: (method: string, answer: Buffer) => void): () => void {
    this.answerListeners.add(listener);
    return () => this.answerListeners.delete(listener);
  }

  /** Opens the socket when it is not open; rejects with a one-line RpcError. */
  connect(timeoutMs = DEFAULT_TIMEOUT_MS): Promise<void> {
    if (this.disposed) return Promise.reject(new RpcError('connection', l10n.t('the WebSocket connection to {0} was closed', this.host)));
    if (this.socket && this.socket.readyState === OPEN) return Promise.resolve();
    if (this.opening) return this.opening;
    if (this.retryTimer) {
      clearTimeout(this.retryTimer);
      this.retryTimer = undefined;
    }
    this.setState(this.retries > 0 ? 'reconnecting' : 'connecting');
    this.opening = this.open(timeoutMs).finally(() => {
      this.opening = undefined;
    });
    return this.opening;
  }

  /**
   * Sends one message (a request or a batch) and resolves with the answer that carries `ids` (any one of them, for a
   * batch's array). With no ids (only notifications) it resolves once the message is out, with an empty body.
   */
  async send(text: string, ids: readonly (number | string)[], label: string, options: SocketSendOptions = {}): Promise<Buffer> {
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const started = Date.now();
    const signal = options.signal;
    if (signal?.aborted) throw new RpcError('cancelled', l10n.t('request cancelled'));
    this.clearIdle();
    return new Promise<Buffer>((resolve, reject) => {
      let settled = false;
      const keys = ids.map((id) => JSON.stringify(id));
      const finish = (error: Error | null, body?: Buffer) => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        signal?.removeEventListener('abort', onAbort);
        for (const key of keys) if (this.pending.get(key) === entry) this.pending.delete(key);
        if (error) reject(error);
        else {
          options.onWire?.({ direction: 'response', method: label, url: this.endpoint, headers: {}, body: body!.toString('utf8'), elapsedMs: Date.now() - started });
          if (ids.length === 1) for (const listener of [...this.answerListeners]) listener(label, body!);
          resolve(body!);
        }
        this.scheduleIdleClose();
      };
      const entry: Pending = { ids, resolve: (body) => finish(null, body), reject: (error) => finish(error) };
      const deadline = setTimeout(
        () => finish(new RpcError('timeout', l10n.t('no complete answer from {0} within {1} s (timeout)', this.host, timeoutMs / 1000))),
        timeoutMs,
      );
      const onAbort = () => finish(new RpcError('cancelled', l10n.t('request cancelled')));
      signal?.addEventListener('abort', onAbort, { once: true });
      for (const key of keys) this.pending.set(key, entry);
      this.connect(timeoutMs).then(
        () => {
          if (settled) return;
          options.onWire?.({ direction: 'request', method: label, url: this.endpoint, headers: maskHeaders(this.upgradeHeaders()), body: text });
          this.socket!.send(text, (error) => {
            if (error) finish(new RpcError('connection', l10n.t('{0} closed the connection before answering', this.host), undefined, { hungUp: 'before-answer' }));
            else if (ids.length === 0) finish(null, Buffer.alloc(0));
          });
        },
        (error: Error) => finish(error),
      );
    });
  }

  /** Closes the socket for good: pending calls fail, no reconnection. */
  close(): void {
    this.disposed = true;
    this.clearIdle();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
    this.failPending(new RpcError('cancelled', l10n.t('the WebSocket connection to {0} was closed', this.host)));
    this.socket?.terminate();
    this.socket = undefined;
    this.setState('closed');
  }

  private upgradeHeaders(): Record<string, string> {
    const headers: Record<string, string> = { 'user-agent': 'rpc-explorer' };
    for (const [name, value] of Object.entries(this.settings.headers ?? {})) headers[name.toLowerCase()] = value;
    const credentials = urlCredentials(this.settings.url);
    if (credentials) headers['authorization'] ??= basicAuthorization(credentials.username, credentials.password);
    return headers;
  }

  private open(timeoutMs: number): Promise<void> {
    const url = new URL(this.settings.url);
    url.username = '';
    url.password = '';
    const secure = url.protocol === 'wss:';
    let ca: (string | Buffer)[] | undefined;
    if (secure && this.settings.caFile) {
      try {
        ca = [...tls.rootCertificates, fs.readFileSync(this.settings.caFile)];
      } catch (e) {
        return Promise.reject(
          new RpcError('usage', l10n.t('cannot read the CA file {0}: {1}', this.settings.caFile, (e as NodeJS.ErrnoException).code ?? (e as Error).message)),
        );
      }
    }
    const maxBytes = this.settings.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
    return new Promise<void>((resolve, reject) => {
      let opened = false;
      const socket = new (webSocketClass())(url, {
        headers: this.upgradeHeaders(),
        handshakeTimeout: timeoutMs,
        maxPayload: maxBytes,
        ...(secure ? { ca, rejectUnauthorized: !this.settings.insecure } : {}),
        autoSelectFamily: true,
      } as WebSocket.ClientOptions);
      this.socket = socket;
      const failOpen = (error: RpcError) => {
        if (opened) return;
        opened = true;
        this.lastError = error.message;
        socket.removeAllListeners();
        socket.on('error', () => undefined);
        socket.terminate();
        if (this.socket === socket) this.socket = undefined;
        this.afterDrop();
        reject(error);
      };
      let refused = false;
      socket.on('unexpected-response', (_request, response) => {
        refused = true;
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          if (size < 4096) chunks.push(chunk);
          size += chunk.length;
        });
        const done = () => failOpen(httpStatusError(response.statusCode ?? 0, response.statusMessage, this.host, Buffer.concat(chunks)));
        response.on('end', done);
        response.on('error', done);
      });
      socket.on('error', (error: NodeJS.ErrnoException) => {
        if (refused) return;
        if (!opened) {
          if (/handshake timed out|Opening handshake has timed out/i.test(error.message)) {
            failOpen(new RpcError('timeout', l10n.t('no complete answer from {0} within {1} s (timeout)', this.host, timeoutMs / 1000)));
          } else if (error.code || /socket hang up/.test(error.message)) {
            failOpen(describeNetworkError(error, url));
          } else {
            failOpen(new RpcError('connection', l10n.t('cannot open a WebSocket to {0}: {1}', this.host, error.message), undefined, { hungUp: 'not-http' }));
          }
          return;
        }
        this.lastError = error.message;
        if ((error as { code?: string }).code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') {
          this.failPending(new RpcError('too-large', l10n.t('response from {0} exceeds the {1} limit', this.host, formatBytes(maxBytes))));
        }
      });
      socket.on('open', () => {
        opened = true;
        this.retries = 0;
        this.lastError = undefined;
        this.setState('open');
        resolve();
      });
      socket.on('message', (data: Buffer, isBinary: boolean) => {
        const body = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
        if (!isBinary || body.length > 0) this.route(body);
      });
      socket.on('close', (code: number, reason: Buffer) => {
        if (refused) return; // the upgrade's HTTP answer is the error, once its body is in
        if (!opened) {
          failOpen(new RpcError('connection', l10n.t('{0} closed the connection before answering', this.host), undefined, { hungUp: 'before-answer' }));
          return;
        }
        if (this.socket === socket) this.socket = undefined;
        const why = reason.length > 0 ? `${code} ${reason.toString('utf8')}` : String(code);
        this.lastError = l10n.t('closed by the server ({0})', why);
        this.failPending(
          code === 1009
            ? new RpcError('too-large', l10n.t('response from {0} exceeds the {1} limit', this.host, formatBytes(maxBytes)))
            : new RpcError('connection', l10n.t('{0} closed the WebSocket before answering (code {1})', this.host, why), undefined, { hungUp: 'before-answer' }),
        );
        this.afterDrop();
      });
    });
  }

  /** After the socket is gone: reopened later while someone listens, idle otherwise. */
  private afterDrop(): void {
    if (this.disposed) return;
    if (this.notificationListeners.size === 0) {
      this.retries = 0;
      this.setState('idle', this.lastError);
      return;
    }
    const delay = Math.min(FIRST_RETRY_MS * 2 ** this.retries, LONGEST_RETRY_MS);
    this.retries++;
    this.setState('reconnecting', this.lastError);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      this.connect().catch(() => undefined);
    }, delay);
    this.retryTimer.unref?.();
  }

  /** An answer goes to the call with its id; anything else is a notification. */
  private route(body: Buffer): void {
    const text = body.toString('utf8');
    let message: unknown;
    try {
      message = parseJsonKeepingBigIntegers(text);
    } catch {
      return; // not JSON: nothing of ours to answer, nothing to show as a notification
    }
    if (Array.isArray(message)) {
      for (const item of message) {
        const entry = this.pendingFor(item);
        if (entry) {
          entry.resolve(body);
          return;
        }
      }
      for (const item of message) this.notify(item);
      return;
    }
    const entry = this.pendingFor(message);
    if (entry) entry.resolve(body);
    else if (isReplyWithNullId(message) && this.pending.size === 1) {
      // A server that could not read our request answers with id null: the only call waiting is the one it means.
      this.pending.values().next().value!.resolve(body);
    } else this.notify(message);
  }

  private pendingFor(message: unknown): Pending | undefined {
    if (typeof message !== 'object' || message === null || !('id' in message) || 'method' in message) return undefined;
    return this.pending.get(JSON.stringify((message as { id: unknown }).id));
  }

  private notify(message: unknown): void {
    if (typeof message !== 'object' || message === null || typeof (message as { method?: unknown }).method !== 'string') return;
    const { method, params } = message as { method: string; params?: TypedValue };
    const notification: ServerNotification = { endpoint: this.endpoint, method, params, receivedAt: Date.now() };
    for (const listener of [...this.notificationListeners]) listener(notification);
  }

  private failPending(error: RpcError): void {
    for (const entry of new Set(this.pending.values())) entry.reject(error);
    this.pending.clear();
  }

  private setState(state: ConnectionState, detail?: string): void {
    if (state === this.currentState && detail === undefined) return;
    this.currentState = state;
    for (const listener of [...this.stateListeners]) listener(state, detail);
  }

  private clearIdle(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }

  /** Closes an open socket nobody uses after a while (a call soon after reuses it). */
  private scheduleIdleClose(): void {
    if (this.pending.size > 0 || this.notificationListeners.size > 0 || this.disposed) return;
    this.clearIdle();
    this.idleTimer = setTimeout(() => {
      this.idleTimer = undefined;
      if (this.pending.size > 0 || this.notificationListeners.size > 0) return;
      const socket = this.socket;
      this.socket = undefined;
      socket?.removeAllListeners();
      socket?.on('error', () => undefined);
      socket?.close(1000);
      this.setState('idle');
    }, IDLE_CLOSE_MS);
    this.idleTimer.unref?.();
  }
}

function isReplyWithNullId(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { id?: unknown }).id === null && 'error' in message;
}
