// JSON-RPC 2.0 over HTTP (keep-alive) and over WebSocket on one port, for the WebSocket figures of bench/run.mjs:
// add(a, b), and burst(rate, seconds) which pushes `tick` notifications at `rate` per second for `seconds`.
// Prints `listening on http://127.0.0.1:PORT/` once ready.
import * as http from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { WebSocketServer } = require('ws');

function answer(request, socket) {
  const { id, method, params = [] } = request;
  if (method === 'add') return { jsonrpc: '2.0', id, result: params[0] + params[1] };
  if (method === 'burst' && socket) {
    const [rate, seconds] = params;
    const total = rate * seconds;
    const start = performance.now();
    let sent = 0;
    // Sent in 10 ms slices at the asked rate, so the client sees a steady stream rather than one lump.
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      for (; sent < due; sent++) socket.send(`{"jsonrpc":"2.0","method":"tick","params":{"n":${sent},"at":${Date.now()}}}`);
      if (sent >= total || socket.readyState !== 1) clearInterval(timer);
    }, 10);
    return { jsonrpc: '2.0', id, result: total };
  }
  return { jsonrpc: '2.0', id, error: { code: -32601, message: 'Method not found' } };
}

const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = JSON.stringify(answer(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  });
});
const sockets = new WebSocketServer({ server });
sockets.on('connection', (socket) => {
  socket.on('message', (data) => socket.send(JSON.stringify(answer(JSON.parse(data.toString('utf8')), socket))));
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/`);
});
process.on('SIGTERM', () => {
  for (const socket of sockets.clients) socket.terminate();
  server.close(() => process.exit(0));
});
