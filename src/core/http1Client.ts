/**
 * HTTP/1.1 exchanges over plain TCP for http:// endpoints on this machine: the request goes out as one write on a
 * TCP_NODELAY socket, the answer is read by ResponseReader, and a connection the server keeps alive waits in a pool.
 * node:http's agent, request and response objects cost more per call than a whole exchange with a server that
 * closes every connection (Python's SimpleXMLRPCServer). Used for servers on this machine only: https:// and other
 * hosts stay on node:http(s), where VS Code's proxy support applies.
 */
import * as net from 'node:net';
import { ResponseReader, type ResponseHead } from './http1Response';

export interface Http1Target {
  /** Host name or IP literal (an IPv6 one without brackets). */
  host: string;
  port: number;
}

export interface Http1Handlers {
  head(head: ResponseHead): void;
  body(piece: Buffer): void;
  /** The answer is whole; the handler calls `release` or `destroy`. */
  complete(): void;
  /** The exchange failed: `answered` tells whether a response head had come. */
  error(error: NodeJS.ErrnoException, answered: boolean): void;
}

export interface Http1Exchange {
  /** The request went out on a pooled connection, which its server may have closed meanwhile. */
  readonly reusedSocket: boolean;
  /** After `complete`: the connection goes back to the pool when `keep` and the server allows it; closed otherwise. */
  release(keep: boolean): void;
  /** Ends the exchange at once (timeout, cancellation, an error found by the caller). */
  destroy(): void;
}

interface IdleConnection {
  socket: net.Socket;
  leave(): void;
}

const idle = new Map<string, IdleConnection[]>();

const keyOf = (target: Http1Target) => `${target.host}|${target.port}`;

/** A pooled connection that is still open, taken out of the pool. */
function takeIdle(key: string): net.Socket | undefined {
  const list = idle.get(key);
  while (list && list.length > 0) {
    const entry = list.pop()!;
    entry.leave();
    if (!entry.socket.destroyed && entry.socket.readyState === 'open') return entry.socket;
    entry.socket.destroy();
  }
  return undefined;
}

/** Keeps a connection for the next request; closed after `idleMs` unused, and not keeping the process alive. */
function putIdle(key: string, socket: net.Socket, idleMs: number): void {
  const list = idle.get(key) ?? [];
  idle.set(key, list);
  const entry: IdleConnection = { socket, leave: () => {} };
  const drop = () => {
    entry.leave();
    socket.destroy();
    const at = list.indexOf(entry);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0 && idle.get(key) === list) idle.delete(key);
  };
  // Bytes nobody asked for, the server closing, an error or the idle time: the connection is of no more use.
  socket.on('data', drop);
  socket.on('end', drop);
  socket.on('close', drop);
  socket.on('error', drop);
  socket.on('timeout', drop);
  socket.setTimeout(idleMs);
  socket.unref();
  entry.leave = () => {
    socket.off('data', drop);
    socket.off('end', drop);
    socket.off('close', drop);
    socket.off('error', drop);
    socket.off('timeout', drop);
    socket.setTimeout(0);
    socket.ref();
  };
  list.push(entry);
}

/** Closes the pooled connections (tests and the CLI, so the process can exit at once). */
export function closeIdleHttp1Connections(): void {
  for (const list of idle.values()) for (const entry of list.splice(0)) {
    entry.leave();
    entry.socket.destroy();
  }
  idle.clear();
}

function hangUp(): NodeJS.ErrnoException {
  return Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
}

/** Sends `request` (head and body) and reports the answer to `handlers`. `fresh`: a new connection, closed after. */
export function http1Exchange(target: Http1Target, request: Buffer, handlers: Http1Handlers, fresh: boolean, idleMs: number): Http1Exchange {
  const key = keyOf(target);
  const pooled = fresh ? undefined : takeIdle(key);
  const socket = pooled ?? net.connect({ host: target.host, port: target.port, noDelay: true, autoSelectFamily: true });
  let over = false;

  const detach = () => {
    over = true;
    socket.off('data', onData);
    socket.off('end', onEnd);
    socket.off('close', onEnd);
    socket.off('error', onError);
  };
  const fail = (error: NodeJS.ErrnoException) => {
    if (over) return;
    detach();
    socket.destroy();
    handlers.error(error, reader.head !== undefined);
  };
  const reader = new ResponseReader(
    (head) => handlers.head(head),
    (piece) => {
      if (!over) handlers.body(piece);
    },
  );
  const completed = () => {
    detach();
    // Keep an error listener: the socket may still report one until it is pooled or closed.
    socket.on('error', () => {});
    handlers.complete();
  };
  function onData(data: Buffer) {
    try {
      reader.push(data);
    } catch (error) {
      fail(error as NodeJS.ErrnoException);
      return;
    }
    if (reader.complete && !over) completed();
  }
  function onEnd() {
    if (over) return;
    if (reader.end()) completed();
    else fail(hangUp());
  }
  function onError(error: NodeJS.ErrnoException) {
    fail(error);
  }
  socket.on('data', onData);
  socket.on('end', onEnd);
  socket.on('close', onEnd);
  socket.on('error', onError);
  socket.write(request);

  return {
    reusedSocket: pooled !== undefined,
    release(keep) {
      detach();
      if (keep && !fresh && reader.complete && !reader.trailing && reader.head?.keepAlive && !socket.destroyed) {
        socket.removeAllListeners('error');
        putIdle(key, socket, idleMs);
      } else socket.destroy();
    },
    destroy() {
      detach();
      socket.destroy();
    },
  };
}
