import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_READY_PATTERN, readyPatternFrom, readyUrlFromLine, addressOfUrl } from '../../src/tasks/readyLine';
import { formatProblemLine, listenLineOf, PROBLEM_LINE_PATTERN, TracebackCollector } from '../../src/tasks/tracebackProblem';

const url = (line: string, fallback = {}) => readyUrlFromLine(line, DEFAULT_READY_PATTERN, fallback);

test('ready lines of the origin document, the hprose server, Flask-like servers', () => {
  assert.equal(url('server listening on 127.0.0.1:8889'), 'http://127.0.0.1:8889');
  assert.equal(url('Serving on port localhost:8880...'), 'http://localhost:8880');
  assert.equal(url('Serving on port 8880...'), 'http://127.0.0.1:8880');
  assert.equal(url(' * Running on http://127.0.0.1:5000/ (Press CTRL+C to quit)'), 'http://127.0.0.1:5000');
  assert.equal(url('JSON-RPC server at http://0.0.0.0:4000/rpc.'), 'http://127.0.0.1:4000/rpc');
  assert.equal(url('Listening on [::]:9000'), 'http://[::1]:9000');
  assert.equal(url('LISTENING ON 0.0.0.0:9001'), 'http://127.0.0.1:9001');
  assert.equal(url('listening on port 7000', { host: 'localhost' }), 'http://localhost:7000');
  assert.equal(url('Server running on https://localhost:8443'), 'https://localhost:8443');
});

test('a ready line without a port uses the port read from the source; other lines are not ready lines', () => {
  assert.equal(url('listening on all interfaces', { port: 8889 }), 'http://127.0.0.1:8889');
  assert.equal(url('listening on all interfaces'), undefined);
  assert.equal(url('loading configuration from port.yaml'), undefined);
  assert.equal(url('Traceback (most recent call last):'), undefined);
  assert.equal(url('connected to 127.0.0.1:5432'), undefined);
});

test('custom ready patterns: case-insensitive, a captured port, invalid patterns explained', () => {
  const pattern = readyPatternFrom('ready, port (\\d+)');
  assert.equal(readyUrlFromLine('READY, port 6000', pattern, {}), 'http://127.0.0.1:6000');
  assert.equal(readyUrlFromLine('starting', pattern, {}), undefined);
  assert.equal(readyPatternFrom(undefined), DEFAULT_READY_PATTERN);
  assert.throws(() => readyPatternFrom('(unclosed'), /readyPattern "\(unclosed" is not a valid regular expression/);
});

test('the problem matcher patterns in package.json agree with the task output', () => {
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8'));
  const matcher = manifest.contributes.problemMatchers.find((m: { name: string }) => m.name === 'rpc-server');
  const pattern = Array.isArray(matcher.pattern) ? matcher.pattern : [matcher.pattern];
  assert.equal(pattern.length, 1);
  const regexp = new RegExp(pattern[0].regexp);
  assert.equal(regexp.source, PROBLEM_LINE_PATTERN.source);
  const line = formatProblemLine({ file: '/w/server.py', line: 6, message: 'OSError: [Errno 98] Address already in use' });
  const m = regexp.exec(line)!;
  assert.equal(m[pattern[0].file], '/w/server.py');
  assert.equal(m[pattern[0].line], '6');
  assert.equal(m[pattern[0].message], 'OSError: [Errno 98] Address already in use');
  assert.ok(new RegExp(matcher.background.beginsPattern).test('[rpc-server] starting server.py'));
  const ends = new RegExp(matcher.background.endsPattern);
  for (const ready of ['server listening on 127.0.0.1:8889', 'Serving on port localhost:8880...', ' * Running on http://127.0.0.1:5000']) {
    assert.ok(ends.test(ready), ready);
    assert.ok(url(ready), ready);
  }
  assert.ok(!ends.test('[rpc-server] starting server.py'));
});

const PYTHON_TRACEBACK = `Traceback (most recent call last):
  File "/w/server.py", line 6, in <module>
    server = SimpleXMLRPCServer(('127.0.0.1', 8889))
             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^
  File "/usr/lib/python3.11/xmlrpc/server.py", line 594, in __init__
    socketserver.TCPServer.__init__(self, addr, requestHandler, bind_and_activate)
  File "/usr/lib/python3.11/socketserver.py", line 472, in server_bind
    self.socket.bind(self.server_address)
OSError: [Errno 98] Address already in use`;

test('a Python traceback becomes one problem at the server file, not in the standard library', () => {
  const collector = new TracebackCollector('/w/server.py');
  const problems = PYTHON_TRACEBACK.split('\n').map((l) => collector.push(l)).filter(Boolean);
  assert.deepEqual(problems, [{ file: '/w/server.py', line: 6, message: 'OSError: [Errno 98] Address already in use' }]);
  assert.equal(collector.flush(), undefined);
});

test('chained Python tracebacks and helper modules: the last frame in user code', () => {
  const collector = new TracebackCollector('/w/server.py');
  const text = `Traceback (most recent call last):
  File "/w/helpers.py", line 3, in load
    return int(x)
ValueError: invalid literal for int() with base 10: 'x'

During handling of the above exception, another exception occurred:

Traceback (most recent call last):
  File "/w/server.py", line 10, in <module>
    main()
  File "/w/helpers.py", line 5, in load
    raise RuntimeError('bad config')
RuntimeError: bad config`;
  const problems = text.split('\n').map((l) => collector.push(l)).filter(Boolean);
  assert.deepEqual(problems, [
    { file: '/w/helpers.py', line: 3, message: "ValueError: invalid literal for int() with base 10: 'x'" },
    { file: '/w/server.py', line: 10, message: 'RuntimeError: bad config' },
  ]);
});

test('a Node error with only internal frames points at the listen call of the server file', () => {
  const source = `const http = require('http');\n// comment .listen(\nhttp.createServer(h)\n  .listen(8889);\n`;
  assert.equal(listenLineOf(source), 3);
  const collector = new TracebackCollector('/w/server.js', 4);
  const text = `node:events:502
      throw er; // Unhandled 'error' event
      ^

Error: listen EADDRINUSE: address already in use 127.0.0.1:8889
    at Server.setupListenHandle [as _listen2] (node:net:1908:16)
    at listenInCluster (node:net:1965:12)
Emitted 'error' event on Server instance at:
    at emitErrorNT (node:net:1944:8) {
  code: 'EADDRINUSE',
}`;
  const problems = [...text.split('\n').map((l) => collector.push(l)), collector.flush()].filter(Boolean);
  assert.deepEqual(problems, [{ file: '/w/server.js', line: 4, message: 'Error: listen EADDRINUSE: address already in use 127.0.0.1:8889' }]);
});

test('a Node exception thrown from the server file points at its frame', () => {
  const collector = new TracebackCollector('/w/server.js');
  const lines = [
    '/w/server.js:7',
    "  throw new TypeError('boom');",
    '  ^',
    '',
    'TypeError: boom',
    '    at Object.<anonymous> (/w/server.js:7:9)',
    '    at Module._compile (node:internal/modules/cjs/loader:1554:14)',
    '',
    'Node.js v20.20.2',
  ];
  const problems = [...lines.map((l) => collector.push(l)), collector.flush()].filter(Boolean);
  assert.deepEqual(problems, [{ file: '/w/server.js', line: 7, message: 'TypeError: boom' }]);
});

test('addressOfUrl', () => {
  assert.deepEqual(addressOfUrl('http://127.0.0.1:8889'), { host: '127.0.0.1', port: 8889 });
  assert.deepEqual(addressOfUrl('http://[::1]:9000/rpc'), { host: '::1', port: 9000 });
  assert.deepEqual(addressOfUrl('http://example.test/'), { host: 'example.test', port: 80 });
  assert.equal(addressOfUrl('not a url'), undefined);
});

test("Node's Cannot find module: the message, at the require in the server file", () => {
  const collector = new TracebackCollector('/w/server.js', 1);
  const text = `node:internal/modules/cjs/loader:1228
  throw err;
  ^

Error: Cannot find module 'hprose'
Require stack:
- /w/server.js
    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)
    at Object.<anonymous> (/w/server.js:7:16)
    at node:internal/main/run_main_module:28:49 {
  code: 'MODULE_NOT_FOUND',
}

Node.js v20.20.2`;
  const problems = [...text.split('\n').map((l) => collector.push(l)), collector.flush()].filter(Boolean);
  assert.deepEqual(problems, [{ file: '/w/server.js', line: 7, message: "Error: Cannot find module 'hprose'" }]);
});
