// A Node HTTP server that answers every POST with the same small XML-RPC methodResponse (keep-alive),
// so call latency can be measured without a slow server dominating it. POST /oversized instead streams an
// endless chunked methodResponse (no Content-Length), for the size-cap check. Prints its URL, serves until killed.
import * as http from 'node:http';

const body = Buffer.from(
  "<?xml version='1.0'?>\n<methodResponse>\n<params>\n<param>\n<value><int>5</int></value>\n</param>\n</params>\n</methodResponse>\n",
);
const filler = Buffer.from('<value><string>' + 'x'.repeat(65_000) + '</string></value>\n');

function streamForever(res) {
  res.writeHead(200, { 'Content-Type': 'text/xml' });
  res.write("<?xml version='1.0'?>\n<methodResponse><params><param><value><array><data>\n");
  const pump = () => {
    while (!res.destroyed && res.write(filler));
    if (!res.destroyed) res.once('drain', pump);
  };
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
}

const server = http.createServer({ keepAliveTimeout: 60_000 }, (req, res) => {
  req.resume();
  req.on('end', () => {
    if (req.url === '/oversized') return streamForever(res);
    res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': body.length });
    res.end(body);
  });
});
server.listen(0, '127.0.0.1', () => {
  console.log(`listening on http://127.0.0.1:${server.address().port}/`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
