import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scanServerSource, serverLanguageOf, stripComments } from '../../src/core/sourceScan';

const names = (text: string, file: string) => scanServerSource(text, file)!.methods.map((m) => m.name);

const ORIGIN_PY = `from xmlrpc.server import SimpleXMLRPCServer

def sayHi(name):
    return 'Hi ' + name + '!'

server = SimpleXMLRPCServer(('127.0.0.1', 8889))
server.register_function(sayHi)
print('server listening on 127.0.0.1:8889')
server.serve_forever()
`;

test('origin document server: xmlrpc, address, sayHi with its parameter', () => {
  const scan = scanServerSource(ORIGIN_PY, 'server.py')!;
  assert.equal(scan.language, 'python');
  assert.equal(scan.isServer, true);
  assert.equal(scan.protocol, 'xmlrpc');
  assert.equal(scan.host, '127.0.0.1');
  assert.equal(scan.port, 8889);
  assert.equal(scan.portEnv, undefined);
  assert.deepEqual(scan.methods, [
    { name: 'sayHi', signatures: null, help: null, origin: 'source', params: [{ name: 'name', required: true }] },
  ]);
});

test('Python: aliases, keyword names, decorators, lambdas, docstrings, introspection', () => {
  const text = `import os
from xmlrpc.server import SimpleXMLRPCServer
PORT = int(os.environ.get("PORT", "8890"))
server = SimpleXMLRPCServer(("", PORT), allow_none=True)
server.register_introspection_functions()
server.register_multicall_functions()

def add(a, b=1, *rest):
    """Adds numbers.

    Returns the sum."""
    return a + b

server.register_function(add, 'math.add')
server.register_function(pow, name="power")
server.register_function(lambda x: x, 'echo')
server.register_function(lambda x: x)

@server.register_function
def ping():
    return True

@server.register_function(name='greet.hello')
def hello(who: str = 'world') -> str:
    return 'hi ' + who

# server.register_function(commented_out)
server.serve_forever()
`;
  const scan = scanServerSource(text, 'srv.py')!;
  assert.equal(scan.port, 8890);
  assert.equal(scan.portEnv, 'PORT');
  assert.equal(scan.host, '');
  assert.deepEqual(
    scan.methods.map((m) => m.name),
    ['math.add', 'power', 'echo', 'ping', 'greet.hello', 'system.listMethods', 'system.methodHelp', 'system.methodSignature', 'system.multicall'],
  );
  const add = scan.methods[0];
  assert.deepEqual(add.params, [
    { name: 'a', required: true },
    { name: 'b', required: false },
    { name: '*rest', required: false },
  ]);
  assert.equal(add.help, 'Adds numbers.\n\nReturns the sum.');
  assert.deepEqual(scan.methods.find((m) => m.name === 'greet.hello')!.params, [{ name: 'who', required: false }]);
  assert.ok(scan.methods.every((m) => m.origin === 'source'));
});

test('Python register_instance: public methods of the class, self dropped', () => {
  const text = `import xmlrpc.server as xs

class Calculator:
    def __init__(self):
        self.n = 0

    def add(self, x, y):
        def inner():
            pass
        return x + y

    def _private(self):
        pass

    async def slow(self, seconds):
        pass

class Other:
    def nope(self):
        pass

calc = Calculator()
server = xs.SimpleXMLRPCServer(('localhost', 9000))
server.register_instance(calc)
`;
  const scan = scanServerSource(text, 'calc.py')!;
  assert.equal(scan.isServer, true);
  assert.equal(scan.host, 'localhost');
  assert.equal(scan.port, 9000);
  assert.deepEqual(scan.methods.map((m) => m.name), ['add', 'slow']);
  assert.deepEqual(scan.methods[0].params, [
    { name: 'x', required: true },
    { name: 'y', required: true },
  ]);
});

test('Python hprose: port= keyword, addFunction and addFunctions with aliases', () => {
  const text = `#!/usr/bin/env python
import hprose

def hello(name):
    return 'Hello %s!' % name

def bye(name): return 'Bye ' + name

def main():
    server = hprose.HttpServer(port = 8880)
    server.addFunction(hello)
    server.addFunction(bye, 'sayBye')
    server.addFunctions([hello, bye], ['h2', 'b2'])
    server.addFunctions([max])
    server.start()

if __name__ == '__main__':
    main()
`;
  const scan = scanServerSource(text, 'hp.py')!;
  assert.equal(scan.isServer, true);
  assert.equal(scan.protocol, 'hprose');
  assert.equal(scan.port, 8880);
  assert.deepEqual(scan.methods.map((m) => m.name), ['hello', 'sayBye', 'h2', 'b2', 'max']);
  assert.deepEqual(scan.methods[1].params, [{ name: 'name', required: true }]);
});

test('Python clients and plain scripts are not servers', () => {
  assert.equal(scanServerSource(`import xmlrpc.client\nprint(xmlrpc.client.ServerProxy('http://x').sayHi('a'))\n`, 'c.py')!.isServer, false);
  assert.equal(scanServerSource(`import hprose\nclient = hprose.HttpClient('http://127.0.0.1:8880/')\n`, 'c.py')!.isServer, false);
  assert.equal(scanServerSource(`print("hello")\n# SimpleXMLRPCServer\n`, 'c.py')!.isServer, false);
  assert.equal(scanServerSource(`x = "SimpleXMLRPCServer"`, 'c.py')!.isServer, true); // a string still counts: cheap and harmless
});

test('Python JSON-RPC decorators', () => {
  const text = `from jsonrpcserver import method, serve, Success

@method
def ping():
    return Success("pong")

@method(name="math.sub")
def subtract(a, b):
    return Success(a - b)

if __name__ == "__main__":
    serve(port=5000)
`;
  const scan = scanServerSource(text, 'j.py')!;
  assert.equal(scan.isServer, true);
  assert.equal(scan.protocol, 'jsonrpc');
  assert.equal(scan.port, 5000);
  assert.deepEqual(scan.methods.map((m) => m.name), ['ping', 'math.sub']);
});

test('Node hprose: listen port from env with default, addFunction, addFunctions, inline function', () => {
  const text = `'use strict';
const hprose = require('hprose');
const http = require('http');

function sayHi(name) { return 'Hi ' + name + '!'; }
const sayBye = (name, suffix = '!') => 'Bye,' + name + suffix;

const service = new hprose.HttpService();
service.addFunction(sayHi);
service.addFunction(sayBye, 'sayBye');
service.addFunctions([sayHi, sayBye], ['hi2', 'bye2']);
service.addFunction(function shout(text) { return text.toUpperCase(); });
// service.addFunction(hidden);
const PORT = Number(process.env.PORT) || 8880;
http.createServer(service.handle).listen(PORT, '127.0.0.1', () => {
  console.log(\`server listening on 127.0.0.1:\${PORT}\`);
});
`;
  const scan = scanServerSource(text, 'server.js')!;
  assert.equal(scan.language, 'javascript');
  assert.equal(scan.isServer, true);
  assert.equal(scan.protocol, 'hprose');
  assert.equal(scan.port, 8880);
  assert.equal(scan.portEnv, 'PORT');
  assert.equal(scan.host, '127.0.0.1');
  assert.deepEqual(scan.methods.map((m) => m.name), ['sayHi', 'sayBye', 'hi2', 'bye2', 'shout']);
  assert.deepEqual(scan.methods[1].params, [
    { name: 'name', required: true },
    { name: 'suffix', required: false },
  ]);
});

test('Node hprose Server.create URL', () => {
  const scan = scanServerSource(`var hprose = require("hprose");\nvar server = hprose.Server.create("http://0.0.0.0:8080");\nserver.addFunction(hello);\nserver.start();\n`, 's.mjs')!;
  assert.equal(scan.host, '0.0.0.0');
  assert.equal(scan.port, 8080);
  assert.deepEqual(scan.methods.map((m) => m.name), ['hello']);
});

test('jayson: inline method map, method map variable, server.method', () => {
  const inline = `const jayson = require('jayson');
const server = new jayson.Server({
  add: function (args, callback) { callback(null, args[0] + args[1]); },
  'math.mul'(args, callback) { callback(null, 1); },
  async sayHi([name]) { return 'Hi ' + name + '!'; },
  "nested": { notAMethod: 1 },
});
server.http().listen(3000);
`;
  const a = scanServerSource(inline, 'j.js')!;
  assert.equal(a.protocol, 'jsonrpc');
  assert.equal(a.port, 3000);
  assert.deepEqual(a.methods.map((m) => m.name), ['add', 'math.mul', 'sayHi', 'nested']);

  const variable = `import jayson from 'jayson';
const methods: Record<string, unknown> = {
  ping(_args: unknown, cb: Function) { cb(null, 'pong'); },
  echo,
};
const server = jayson.server(methods);
server.method('late', (args: unknown, cb: Function) => cb(null, args));
server.http().listen({ port: 4000, host: 'localhost' });
`;
  const b = scanServerSource(variable, 'j.ts')!;
  assert.equal(b.language, 'typescript');
  assert.equal(b.host, 'localhost');
  assert.equal(b.port, 4000);
  assert.deepEqual(b.methods.map((m) => m.name), ['ping', 'echo', 'late']);
});

test('npm xmlrpc server: method events, not NotFound', () => {
  const text = `const xmlrpc = require('xmlrpc');
const server = xmlrpc.createServer({ host: 'localhost', port: 9090 });
server.on('NotFound', (method) => console.log(method));
server.on('sayHi', (err, params, callback) => callback(null, 'Hi ' + params[0] + '!'));
`;
  const scan = scanServerSource(text, 'x.js')!;
  assert.equal(scan.protocol, 'xmlrpc');
  assert.equal(scan.port, 9090);
  assert.deepEqual(names(text, 'x.js'), ['sayHi']);
});

test('plain http.createServer: a server with an unknown protocol, guessed from the body it handles', () => {
  const plain = scanServerSource(`require('http').createServer((q, s) => s.end('ok')).listen(8880);`, 'h.js')!;
  assert.equal(plain.isServer, true);
  assert.equal(plain.protocol, undefined);
  assert.equal(plain.port, 8880);
  const json = scanServerSource(`const http = require('node:http');\nhttp.createServer(h).listen(1234);\nfunction h(){ return {jsonrpc: '2.0'} }`, 'h.js')!;
  assert.equal(json.protocol, 'jsonrpc');
  assert.equal(scanServerSource(`console.log('hi')`, 'a.js')!.isServer, false);
});

test('languages and comment stripping', () => {
  assert.equal(serverLanguageOf('a/b/server.PY'), 'python');
  assert.equal(serverLanguageOf('x.mjs'), 'javascript');
  assert.equal(serverLanguageOf('x.cts'), 'typescript');
  assert.equal(serverLanguageOf('x.rb'), undefined);
  assert.equal(scanServerSource('', 'x.go'), undefined);
  assert.equal(stripComments(`a = '#not' # yes`, 'python'), `a = '#not'      `);
  assert.equal(stripComments(`a('//x') // c\n/* b\n*/z`, 'js'), `a('//x')     \n    \n  z`);
});

test('garbage and huge inputs do not throw', () => {
  for (const text of ['register_function(', '@server.register_function\n', 'addFunctions([a, ', "('", 'class X:\n']) {
    assert.doesNotThrow(() => scanServerSource(text, 'x.py'));
    assert.doesNotThrow(() => scanServerSource(text, 'x.js'));
  }
  const big = 'server.register_function(f)\n'.repeat(20000) + 'from xmlrpc.server import SimpleXMLRPCServer\n';
  const started = Date.now();
  assert.deepEqual(names(big, 'x.py'), ['f']);
  assert.ok(Date.now() - started < 3000);
});
