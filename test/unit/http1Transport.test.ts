/**
 * The http:// transport's own HTTP/1.1 exchange (src/core/http1Client.ts, src/core/http1Response.ts) against real
 * loopback servers that answer with exact bytes: every framing a server may use, connection reuse, and the one-line
 * errors of answers that are not HTTP or stop half-way.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import * as net from 'node:net';
import { after, describe, test } from 'node:test';
import { RpcError, callMethod } from '../../src/core';
import { closeIdleConnections } from '../../src/core/transport';

const BODY = "<?xml version='1.0'?>\n<methodResponse><params><param><value><int>5</int></value></param></params></methodResponse>\n";

interface RawServer {
  url: string;
  /** Connections accepted so far. */
  connections(): number;
  /** Request heads received so far. */
  heads: string[];
  stop(): Promise<void>;
}

/** A TCP server that reads each request (head and Content-Length body) and writes `answer(n)` for the n-th one. */
function rawServer(answer: (socket: net.Socket, n: number) => void): Promise<RawServer> {
  let connections = 0;
  let requests = 0;
  const heads: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffer = Buffer.alloc(0);
    socket.on('data', (data) => {
      buffer = Buffer.concat([buffer, data]);
      for (;;) {
        const end = buffer.indexOf('\r\n\r\n');
        if (end < 0) return;
        const head = buffer.toString('latin1', 0, end);
        const length = Number(/content-length: *(\d+)/i.exec(head)?.[1] ?? 0);
        if (buffer.length < end + 4 + length) return;
        buffer = buffer.subarray(end + 4 + length);
        heads.push(head);
        answer(socket, ++requests);
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}/RPC2`,
        connections: () => connections,
        heads,
        stop: () =>
          new Promise<void>((done) => {
            for (const socket of sockets) socket.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

function isError(kind: string, pattern: RegExp) {
  return (e: unknown) => {
    assert.ok(e instanceof RpcError, `expected an RpcError, got ${String(e)}`);
    assert.equal(e.kind, kind, e.message);
    assert.match(e.message, pattern);
    return true;
  };
}

after(() => closeIdleConnections());

describe('the http:// transport reads every framing of an answer', () => {
  test('HTTP/1.0 with Content-Length, the connection closed after each answer (SimpleXMLRPCServer): 20 calls, 20 connections', async () => {
    const server = await rawServer((socket) => {
      socket.end(`HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 Python/3.11\r\nContent-type: text/xml\r\nContent-length: ${BODY.length}\r\n\r\n${BODY}`);
    });
    try {
      for (let i = 0; i < 20; i++) assert.equal(await callMethod(server.url, 'xmlrpc', 'add', [i, 1]), 5);
      assert.equal(server.connections(), 20);
      // One request line, the path and query as given, the Host header with the port.
      assert.match(server.heads[0], /^POST \/RPC2 HTTP\/1\.1\r\n/);
      assert.match(server.heads[0], /\r\nhost: 127\.0\.0\.1:\d+\r\n/i);
      assert.match(server.heads[0], /\r\ncontent-type: text\/xml\r\n/i);
    } finally {
      await server.stop();
    }
  });

  test('a kept-alive Node server: 20 sequential calls share one connection', async () => {
    const connections = new Set<net.Socket>();
    const server = http.createServer({ keepAliveTimeout: 10_000 }, (req, res) => {
      connections.add(req.socket);
      req.resume();
      req.on('end', () => res.end(BODY));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/`;
    try {
      for (let i = 0; i < 20; i++) assert.equal(await callMethod(url, 'xmlrpc', 'add', [i, 1]), 5);
      assert.equal(connections.size, 1);
    } finally {
      closeIdleConnections();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  test('chunked, with a chunk extension and a trailer, after a 100 Continue, split across writes', async () => {
    const server = await rawServer((socket) => {
      const half = BODY.length >> 1;
      const chunks = `${half.toString(16)};ext=1\r\n${BODY.slice(0, half)}\r\n${(BODY.length - half).toString(16)}\r\n${BODY.slice(half)}\r\n0\r\nX-Trailer: yes\r\n\r\n`;
      const whole = `HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n${chunks}`;
      socket.write(whole.slice(0, 40));
      setImmediate(() => socket.write(whole.slice(40, 90), () => socket.end(whole.slice(90))));
    });
    try {
      assert.equal(await callMethod(server.url, 'xmlrpc', 'add', [1, 2]), 5);
    } finally {
      await server.stop();
    }
  });

  test('a body framed by the end of the connection (no Content-Length)', async () => {
    const server = await rawServer((socket) => socket.end(`HTTP/1.0 200 OK\r\nContent-Type: text/xml\r\n\r\n${BODY}`));
    try {
      assert.equal(await callMethod(server.url, 'xmlrpc', 'add', [1, 2]), 5);
    } finally {
      await server.stop();
    }
  });
});

describe('the http:// transport words broken answers in one line', () => {
  test('an answer that is not HTTP', async () => {
    const server = await rawServer((socket) => socket.end('SSH-2.0-OpenSSH_9.6\r\n\r\n'));
    try {
      await assert.rejects(callMethod(server.url, 'xmlrpc', 'add', [1, 2]), isError('connection', /^127\.0\.0\.1:\d+ sent something that is not HTTP \(HPE_INVALID_CONSTANT\)$/));
    } finally {
      await server.stop();
    }
  });

  test('a connection closed before any answer', async () => {
    const server = await rawServer((socket) => socket.end());
    try {
      await assert.rejects(callMethod(server.url, 'xmlrpc', 'add', [1, 2]), isError('connection', /^127\.0\.0\.1:\d+ closed the connection before answering$/));
    } finally {
      await server.stop();
    }
  });

  test('a connection closed in the middle of a Content-Length body', async () => {
    const server = await rawServer((socket) => socket.end(`HTTP/1.1 200 OK\r\nContent-Length: ${BODY.length + 10}\r\n\r\n${BODY}`));
    try {
      await assert.rejects(callMethod(server.url, 'xmlrpc', 'add', [1, 2]), isError('connection', /^127\.0\.0\.1:\d+ closed the connection in the middle of its answer$/));
    } finally {
      await server.stop();
    }
  });

  test('a bad chunk size', async () => {
    const server = await rawServer((socket) => socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n'));
    try {
      await assert.rejects(callMethod(server.url, 'xmlrpc', 'add', [1, 2]), isError('connection', /sent something that is not HTTP \(HPE_INVALID_CHUNK_SIZE\)$/));
    } finally {
      await server.stop();
    }
  });

  test('an error status on a kept-alive connection closes it: the next call opens a new one', async () => {
    const server = await rawServer((socket, n) => {
      const [status, body] = n === 1 ? ['400 Bad Request', 'nope'] : ['200 OK', BODY];
      socket.write(`HTTP/1.1 ${status}\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    });
    try {
      await assert.rejects(callMethod(server.url, 'xmlrpc', 'add', [1, 2]), isError('http', /^HTTP 400 Bad Request from 127\.0\.0\.1:\d+: nope$/));
      assert.equal(await callMethod(server.url, 'xmlrpc', 'add', [1, 2]), 5);
      assert.equal(await callMethod(server.url, 'xmlrpc', 'add', [1, 2]), 5);
      assert.equal(server.connections(), 2);
    } finally {
      closeIdleConnections();
      await server.stop();
    }
  });
});
