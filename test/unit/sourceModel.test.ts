import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import {
  scanServerSource,
  sourceLanguageOf,
  sourceMethods,
  type ServerSourceModel,
  type SourceFunction,
  type SourceParam,
} from '../../src/sourceModel';

const ROOT = path.resolve(__dirname, '..', '..', '..');

async function scan(text: string, file: string): Promise<ServerSourceModel> {
  const model = await scanServerSource(text, file);
  assert.ok(model, `${file} is scanned`);
  return model;
}

async function scanFile(relative: string): Promise<ServerSourceModel> {
  const file = path.join(ROOT, relative);
  return scan(readFileSync(file, 'utf8'), file);
}

const names = async (text: string, file: string) => (await scan(text, file)).functions.map((f) => f.name);

/** A required positional parameter, with any extra fields. */
const p = (name: string, extra: Partial<SourceParam> = {}): SourceParam => ({ name, kind: 'positional', required: true, ...extra });
/** An optional positional parameter with a default. */
const opt = (name: string, fallback: string, extra: Partial<SourceParam> = {}): SourceParam => ({
  name,
  kind: 'positional',
  required: false,
  default: fallback,
  ...extra,
});

/** Builds expected functions of one file: locations carry the file's path. */
function expecting(file: string) {
  const at = (line: number, column: number) => ({ file, line, column });
  const def = (line: number, column: number, localName: string) => ({ file, line, column, localName });
  return { at, def };
}

const SYSTEM = (file: string, line: number, column: number): SourceFunction[] => [
  { name: 'system.listMethods', registration: 'register_introspection_functions', registeredAt: { file, line, column }, params: [] },
  { name: 'system.methodHelp', registration: 'register_introspection_functions', registeredAt: { file, line, column }, params: [p('method_name')] },
  { name: 'system.methodSignature', registration: 'register_introspection_functions', registeredAt: { file, line, column }, params: [p('method_name')] },
];

// ------------------------------------------------------------------------------------------------ the examples

test('origin document server (examples/python-xmlrpc/origin_server.py): xmlrpc, address, sayHi', async () => {
  const model = await scanFile('examples/python-xmlrpc/origin_server.py');
  const { at, def } = expecting(model.file);
  assert.equal(model.language, 'python');
  assert.equal(model.isServer, true);
  assert.deepEqual(model.frameworks, ['xmlrpc.server']);
  assert.equal(model.protocol, 'xmlrpc');
  assert.deepEqual(model.markers, ['SimpleXMLRPCServer', 'xmlrpc.server']);
  assert.equal(model.host, '127.0.0.1');
  assert.equal(model.port, 8889);
  assert.equal(model.portEnv, 'PORT');
  assert.deepEqual(model.functions, [
    { name: 'sayHi', registration: 'register_function', registeredAt: at(14, 1), definition: def(9, 5, 'sayHi'), params: [p('name')] },
  ]);
  assert.deepEqual(model.notes, []);
  assert.equal(model.syntaxErrors, 0);
  assert.deepEqual(sourceMethods(model), [
    { name: 'sayHi', signatures: null, help: null, origin: 'source', params: [{ name: 'name', required: true }] },
  ]);
});

test('examples/python-xmlrpc/server.py: docstring, introspection and multicall after the file’s own functions', async () => {
  const model = await scanFile('examples/python-xmlrpc/server.py');
  const { at, def } = expecting(model.file);
  assert.deepEqual(model.functions, [
    {
      name: 'sayHi',
      registration: 'register_function',
      registeredAt: at(18, 1),
      definition: def(12, 5, 'sayHi'),
      params: [p('name')],
      doc: 'Greets `name`: sayHi("phyger") -> "Hi phyger!".',
    },
    ...SYSTEM(model.file, 19, 1),
    { name: 'system.multicall', registration: 'register_multicall_functions', registeredAt: at(20, 1), params: [p('calls')] },
  ]);
  assert.equal(sourceMethods(model)[0].help, 'Greets `name`: sayHi("phyger") -> "Hi phyger!".');
});

test('examples/hprose-python/server.py: port from a variable of main(), addFunctions', async () => {
  const model = await scanFile('examples/hprose-python/server.py');
  const { at, def } = expecting(model.file);
  assert.deepEqual([model.protocol, model.host, model.port, model.portEnv], ['hprose', 'localhost', 8880, 'PORT']);
  assert.deepEqual(model.functions, [
    { name: 'sayHi', registration: 'addFunctions', registeredAt: at(22, 26), definition: def(11, 5, 'sayHi'), params: [p('name')] },
    { name: 'sayBye', registration: 'addFunctions', registeredAt: at(22, 33), definition: def(15, 5, 'sayBye'), params: [p('name')] },
  ]);
});

test('examples/hprose-node/server.js: listen address, addFunctions', async () => {
  const model = await scanFile('examples/hprose-node/server.js');
  const { at, def } = expecting(model.file);
  assert.deepEqual([model.language, model.protocol, model.host, model.port, model.portEnv], ['javascript', 'hprose', '127.0.0.1', 8880, 'PORT']);
  assert.deepEqual(model.functions, [
    { name: 'sayHi', registration: 'addFunctions', registeredAt: at(19, 22), definition: def(9, 10, 'sayHi'), params: [p('name')] },
    { name: 'sayBye', registration: 'addFunctions', registeredAt: at(19, 29), definition: def(13, 10, 'sayBye'), params: [p('name')] },
  ]);
});

test('examples/jsonrpc-node/server.js: jayson method map; jayson passes args whole, so no parameters are claimed', async () => {
  const model = await scanFile('examples/jsonrpc-node/server.js');
  const { at, def } = expecting(model.file);
  assert.deepEqual([model.protocol, model.host, model.port, model.portEnv], ['jsonrpc', '127.0.0.1', 8890, 'PORT']);
  assert.deepEqual(model.functions, [
    { name: 'sayHi', registration: 'jayson.server', registeredAt: at(64, 3), definition: def(64, 3, 'sayHi') },
    { name: 'add', registration: 'jayson.server', registeredAt: at(67, 3), definition: def(67, 3, 'add') },
    { name: 'book', registration: 'jayson.server', registeredAt: at(74, 3), definition: def(74, 3, 'book') },
    { name: 'login', registration: 'jayson.server', registeredAt: at(87, 3), definition: def(87, 3, 'login') },
  ]);
});

// ------------------------------------------------------------------------------------------------ the Python corpus

test('corpus python/decorators.py: bare and named decorators, stacked, multi-line signature, inside main()', async () => {
  const model = await scanFile('test/fixtures/sources/python/decorators.py');
  const { at, def } = expecting(model.file);
  assert.deepEqual([model.host, model.port, model.portEnv], ['localhost', 8000, undefined]);
  assert.deepEqual(model.functions, [
    { name: 'ping', registration: '@register_function', registeredAt: at(15, 1), definition: def(16, 5, 'ping'), params: [], doc: 'Answers pong.' },
    {
      name: 'math.add',
      registration: '@register_function',
      registeredAt: at(21, 1),
      definition: def(22, 5, 'add'),
      params: [p('a', { type: 'int' }), opt('b', '0', { type: 'int' })],
      returns: 'int',
      doc: 'Adds two numbers.\n\nThe second one defaults to 0.',
    },
    {
      name: 'math.mul',
      registration: '@register_function',
      registeredAt: at(30, 1),
      definition: def(32, 11, 'multiply'),
      params: [
        p('x', { type: 'float' }),
        p('y', { type: 'float' }),
        { name: 'factors', kind: 'var-positional', required: false, type: 'float' },
        { name: 'round_to', kind: 'keyword-only', required: false, default: 'None', type: 'int | None' },
        { name: 'options', kind: 'var-keyword', required: false },
      ],
      returns: 'float',
    },
    {
      name: 'inner_ping',
      registration: '@register_function',
      registeredAt: at(48, 5),
      definition: def(49, 9, 'inner_ping'),
      params: [p('token', { type: 'str' })],
      returns: 'str',
    },
  ]);
  assert.deepEqual(
    sourceMethods(model)[2].params,
    [
      { name: 'x', required: true },
      { name: 'y', required: true },
      { name: '*factors', required: false },
      { name: 'round_to', required: false },
      { name: '**options', required: false },
    ],
  );
});

test('corpus python/instances.py: register_instance (the last one) with allow_dotted_names, inheritance, static and class methods', async () => {
  const model = await scanFile('test/fixtures/sources/python/instances.py');
  const { at, def } = expecting(model.file);
  assert.deepEqual([model.host, model.port], ['127.0.0.1', 8001]);
  const registered = at(62, 5);
  assert.deepEqual(model.functions, [
    { name: 'describe', registration: 'register_instance', registeredAt: registered, definition: def(39, 9, 'describe'), params: [opt('verbose', 'False')] },
    { name: 'double', registration: 'register_instance', registeredAt: registered, definition: def(43, 9, 'double'), params: [p('n')] },
    { name: 'create', registration: 'register_instance', registeredAt: registered, definition: def(47, 9, 'create'), params: [p('name')] },
    { name: 'version', registration: 'register_instance', registeredAt: registered, definition: def(10, 9, 'version'), params: [], doc: 'The API version.' },
    { name: 'clock.now', registration: 'register_instance', registeredAt: registered, definition: def(27, 9, 'now'), params: [opt('tz', "'UTC'")], unlisted: true },
    { name: 'strings.upper', registration: 'register_instance', registeredAt: registered, definition: def(19, 9, 'upper'), params: [p('text')], unlisted: true },
    ...SYSTEM(model.file, 59, 5),
  ]);
});

test('corpus python/dispatch.py: an instance with _listMethods and _dispatch gives names without definitions', async () => {
  const model = await scanFile('test/fixtures/sources/python/dispatch.py');
  const { at } = expecting(model.file);
  assert.deepEqual([model.host, model.port, model.portEnv], ['', 9010, 'XMLRPC_PORT']);
  assert.deepEqual(model.markers, ['SimpleXMLRPCServer', 'xmlrpc.server']);
  assert.deepEqual(model.functions, [
    { name: 'add', registration: 'register_instance', registeredAt: at(23, 1) },
    { name: 'pow', registration: 'register_instance', registeredAt: at(23, 1) },
    { name: 'system.multicall', registration: 'register_multicall_functions', registeredAt: at(24, 1), params: [p('calls')] },
  ]);
});

test('corpus python/tricky.py: strings and comments, nested namesakes, imports, partials, lambdas, constants', async () => {
  const model = await scanFile('test/fixtures/sources/python/tricky.py');
  const { at, def } = expecting(model.file);
  assert.deepEqual([model.host, model.port, model.portEnv], ['0.0.0.0', 8002, 'PORT']);
  const greet = { definition: def(34, 5, 'greet'), params: [p('name', { type: 'str' }), opt('greeting', "'Hello'", { type: 'str' })], returns: 'str' };
  assert.deepEqual(model.functions, [
    { name: 'status', registration: 'register_function', registeredAt: at(47, 5), definition: def(44, 9, 'status'), params: [opt('verbose', 'False')] },
    {
      name: 'util.echo',
      registration: 'register_function',
      registeredAt: at(48, 5),
      definition: def(22, 5, 'echo'),
      params: [
        p('value'),
        { name: 'upper', kind: 'keyword-only', required: false, default: 'False', type: 'bool' },
        { name: 'sep', kind: 'keyword-only', required: false, default: '", "' },
      ],
      doc: 'Echoes \\value back.',
    },
    { name: 'greet', registration: 'register_function', registeredAt: at(49, 5), ...greet },
    { name: 'shout', registration: 'register_function', registeredAt: at(50, 5) }, // imported as loud: its __name__
    { name: 'quiet', registration: 'register_function', registeredAt: at(51, 5) },
    { name: 'hi', registration: 'register_function', registeredAt: at(52, 5) },
    { name: 'times', registration: 'register_function', registeredAt: at(54, 5), definition: def(54, 30, '<lambda>'), params: [p('a'), opt('b', '2')] },
    { name: 'service.echo', registration: 'register_function', registeredAt: at(55, 5), definition: def(30, 9, 'echo'), params: [p('other')] },
    // Registered twice: the second registration serves the name.
    { name: 'util.echo2', registration: 'register_function', registeredAt: at(57, 51), ...greet },
  ]);
  assert.deepEqual(model.notes, [
    { line: 53, column: 5, message: "register_function(partial(greet, greeting='Yo')): the registered name cannot be told without running the file" },
    { line: 56, column: 5, message: 'register_function: the name sys.argv[0] is not a string literal' },
  ]);
});

test('corpus python/hprose_server.py: every hprose way of adding, names case-insensitive (the last spelling wins)', async () => {
  const model = await scanFile('test/fixtures/sources/python/hprose_server.py');
  const { at, def } = expecting(model.file);
  assert.deepEqual([model.protocol, model.host, model.port], ['hprose', '127.0.0.1', 8181]);
  const balance = { definition: def(14, 9, 'balance'), params: [p('account_id')] };
  const deposit = { definition: def(17, 9, 'deposit'), params: [p('account_id'), opt('amount', '0')] };
  assert.deepEqual(model.functions, [
    { name: 'Hello', registration: 'addFunction', registeredAt: at(35, 1), definition: def(9, 5, 'Hello'), params: [p('name')] },
    { name: 'maximum', registration: 'addFunctions', registeredAt: at(36, 22) },
    { name: 'minimum', registration: 'addFunctions', registeredAt: at(36, 27) },
    { name: 'identity', registration: 'addFunction', registeredAt: at(37, 1), definition: def(37, 20, '<lambda>'), params: [p('x')] },
    { name: 'balance', registration: 'addMethod', registeredAt: at(38, 1), ...balance },
    { name: 'acct_balance', registration: 'addMethods', registeredAt: at(39, 20), ...balance },
    { name: 'acct_deposit', registration: 'addMethods', registeredAt: at(39, 31), ...deposit },
    { name: 'inst_balance', registration: 'addInstanceMethods', registeredAt: at(40, 1), ...balance },
    { name: 'inst_deposit', registration: 'addInstanceMethods', registeredAt: at(40, 1), ...deposit },
    { name: 'inst__audit', registration: 'addInstanceMethods', registeredAt: at(40, 1), definition: def(20, 9, '_audit'), params: [] },
    { name: 'rate', registration: 'addStaticMethods', registeredAt: at(41, 1), definition: def(28, 9, 'rate'), params: [p('code')] },
  ]);
  assert.deepEqual(model.notes, []);
});

test('corpus python/jsonrpc_server.py: jsonrpcserver @method and @method(name=…)', async () => {
  const model = await scanFile('test/fixtures/sources/python/jsonrpc_server.py');
  const { at, def } = expecting(model.file);
  assert.deepEqual([model.protocol, model.host, model.port], ['jsonrpc', undefined, 5000]);
  assert.deepEqual(model.functions, [
    { name: 'ping', registration: '@method', registeredAt: at(4, 1), definition: def(5, 5, 'ping'), params: [], returns: 'Success' },
    {
      name: 'math.subtract',
      registration: '@method',
      registeredAt: at(9, 1),
      definition: def(10, 5, 'subtract'),
      params: [p('minuend', { type: 'int' }), p('subtrahend', { type: 'int' })],
      returns: 'Success',
      doc: 'Subtracts.',
    },
  ]);
});

test('corpus python/syntax_error.py: the functions around the broken def are still read', async () => {
  const model = await scanFile('test/fixtures/sources/python/syntax_error.py');
  const { at, def } = expecting(model.file);
  assert.ok(model.syntaxErrors > 0);
  assert.deepEqual(model.notes[0], { line: 9, column: 5, message: 'syntax error: the scan continues with what the parser recovered' });
  assert.deepEqual(model.functions, [
    { name: 'before', registration: 'register_function', registeredAt: at(17, 1), definition: def(4, 5, 'before'), params: [p('a'), p('b')] },
    { name: 'after', registration: 'register_function', registeredAt: at(18, 1), definition: def(12, 5, 'after'), params: [p('c')] },
  ]);
  assert.deepEqual([model.host, model.port], ['127.0.0.1', 8003]);
});

// ------------------------------------------------------------------------------------------------ the Node corpus

test('corpus node/hprose_server.js: JSDoc types, function names hprose reads, case-insensitive names (first spelling kept)', async () => {
  const model = await scanFile('test/fixtures/sources/node/hprose_server.js');
  const { at, def } = expecting(model.file);
  assert.deepEqual([model.protocol, model.host, model.port], ['hprose', '127.0.0.1', 8282]);
  const farewell = { definition: def(15, 7, 'farewell'), params: [p('name')] };
  const add = { definition: def(23, 3, 'add'), params: [p('a', { type: 'number' }), p('b', { type: 'number' })], doc: 'Adds.' };
  const sub = { definition: def(26, 3, 'sub'), params: [p('a'), p('b')] };
  assert.deepEqual(model.functions, [
    {
      name: 'hello', // re-added as 'HELLO' by addFunctions: hprose keeps the first spelling
      registration: 'addFunctions',
      registeredAt: at(38, 22),
      definition: def(11, 10, 'hello'),
      params: [
        p('name', { type: 'string', description: 'who to greet' }),
        opt('punctuation', "'!'", { type: 'string', description: 'how to end' }),
      ],
      returns: 'string',
      doc: 'Greets someone.',
    },
    { name: 'farewell', registration: 'addFunction', registeredAt: at(34, 1), ...farewell },
    { name: 'Shout', registration: 'addFunction', registeredAt: at(36, 1), definition: def(19, 7, 'shout'), params: [p('text')] },
    { name: 'mean', registration: 'addFunction', registeredAt: at(37, 1) },
    { name: 'goodbye', registration: 'addFunctions', registeredAt: at(38, 29), ...farewell },
    { name: 'add', registration: 'addMethod', registeredAt: at(39, 1), ...add },
    { name: 'calc_add', registration: 'addInstanceMethods', registeredAt: at(41, 1), ...add },
    { name: 'calc_sub', registration: 'addInstanceMethods', registeredAt: at(41, 1), ...sub },
    { name: 'slow', registration: 'addAsyncFunction', registeredAt: at(42, 1), definition: def(42, 34, 'slow'), params: [p('ms'), p('callback')] },
  ]);
  assert.deepEqual(model.notes, [{ line: 35, column: 1, message: 'addFunction(shout): an anonymous or arrow function needs an alias' }]);
  assert.deepEqual(sourceMethods(model)[0].params, [
    { name: 'name', required: true, description: 'who to greet' },
    { name: 'punctuation', required: false, description: 'how to end' },
  ]);
});

test('corpus node/jayson_server.js: destructured args are the parameters; rpc.* and non-functions are refused', async () => {
  const model = await scanFile('test/fixtures/sources/node/jayson_server.js');
  const { at, def } = expecting(model.file);
  assert.deepEqual([model.protocol, model.host, model.port, model.portEnv], ['jsonrpc', undefined, 3100, 'JSONRPC_PORT']);
  assert.deepEqual(model.functions, [
    { name: 'add', registration: 'jayson.Server', registeredAt: at(13, 3), definition: def(13, 3, 'add') },
    {
      name: 'greet',
      registration: 'jayson.Server',
      registeredAt: at(17, 3),
      definition: def(17, 3, 'greet'),
      params: [
        { name: 'name', kind: 'keyword-only', required: true },
        { name: 'greeting', kind: 'keyword-only', required: false, default: "'Hi'" },
      ],
      doc: 'Greets by name.',
    },
    { name: 'divide', registration: 'jayson.Server', registeredAt: at(20, 3), definition: def(8, 10, 'divide'), params: [p('dividend'), opt('divisor', '1')], doc: 'Divides.' },
    { name: 'math.neg', registration: 'jayson.Server', registeredAt: at(21, 3), definition: def(21, 33, ''), params: [p('n')] },
    { name: 'echo', registration: 'method', registeredAt: at(27, 1), definition: def(27, 23, '') },
    { name: 'ping', registration: 'method', registeredAt: at(28, 1), definition: def(28, 35, '') },
  ]);
  assert.deepEqual(model.notes, [
    { line: 22, column: 3, message: 'rpc.secret: jayson reserves "rpc." names and refuses it' },
    { line: 23, column: 3, message: 'limit: not a function (jayson refuses it)' },
  ]);
});

test('corpus node/jayson_server.ts: TypeScript annotations, shorthand to a function declared above', async () => {
  const model = await scanFile('test/fixtures/sources/node/jayson_server.ts');
  const { at, def } = expecting(model.file);
  assert.deepEqual([model.language, model.protocol, model.host, model.port, model.portEnv], ['typescript', 'jsonrpc', '0.0.0.0', 3200, 'PORT']);
  assert.deepEqual(model.functions, [
    {
      name: 'sum',
      registration: 'jayson.server',
      registeredAt: at(14, 3),
      definition: def(9, 16, 'sum'),
      params: [
        { name: 'a', kind: 'keyword-only', required: true },
        { name: 'b', kind: 'keyword-only', required: true },
      ],
      returns: 'Promise<number>',
      doc: 'Sums a pair.',
    },
    { name: 'concat', registration: 'jayson.server', registeredAt: at(15, 9), definition: def(15, 9, 'concat'), params: [p('left'), p('right')], returns: 'Promise<string>' },
    { name: 'status', registration: 'jayson.server', registeredAt: at(18, 3), definition: def(18, 3, 'status'), returns: 'Promise<string>' },
  ]);
});

test('corpus node/xmlrpc_server.js: npm xmlrpc method events, not NotFound', async () => {
  const model = await scanFile('test/fixtures/sources/node/xmlrpc_server.js');
  const { at, def } = expecting(model.file);
  assert.deepEqual([model.protocol, model.host, model.port], ['xmlrpc', 'localhost', 9090]);
  assert.deepEqual(model.functions, [
    { name: 'sayHi', registration: 'on', registeredAt: at(5, 1), definition: def(5, 20, ''), params: [p('name')] },
    { name: 'sum', registration: 'on', registeredAt: at(6, 1), definition: def(6, 18, '') },
  ]);
});

test('corpus node/syntax_error.js: the functions around the broken one are still read', async () => {
  const model = await scanFile('test/fixtures/sources/node/syntax_error.js');
  const { at, def } = expecting(model.file);
  assert.ok(model.syntaxErrors > 0);
  assert.equal(model.notes[0].line, 7);
  assert.deepEqual(model.functions, [
    { name: 'before', registration: 'addFunctions', registeredAt: at(16, 22), definition: def(3, 10, 'before'), params: [p('a')] },
    { name: 'after', registration: 'addFunctions', registeredAt: at(16, 30), definition: def(11, 10, 'after'), params: [p('b')] },
  ]);
  assert.equal(model.port, 8400);
});

// ------------------------------------------------------------------------------------------------ inline cases

test('Python: aliases, keyword names, decorators, lambdas, docstrings, introspection', async () => {
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
  const model = await scan(text, 'srv.py');
  assert.equal(model.port, 8890);
  assert.equal(model.portEnv, 'PORT');
  assert.equal(model.host, '');
  // A lambda registered without a name is served as "<lambda>", its __name__.
  assert.deepEqual(
    model.functions.map((m) => m.name),
    ['math.add', 'power', 'echo', '<lambda>', 'ping', 'greet.hello', 'system.listMethods', 'system.methodHelp', 'system.methodSignature', 'system.multicall'],
  );
  const methods = sourceMethods(model);
  assert.deepEqual(methods[0], {
    name: 'math.add',
    signatures: null,
    help: 'Adds numbers.\n\nReturns the sum.',
    origin: 'source',
    params: [
      { name: 'a', required: true },
      { name: 'b', required: false },
      { name: '*rest', required: false },
    ],
  });
  assert.deepEqual(methods.find((m) => m.name === 'greet.hello')!.params, [{ name: 'who', required: false }]);
  assert.equal(model.functions[1].definition, undefined, 'pow is a builtin: no definition in this file');
  assert.ok(methods.every((m) => m.origin === 'source'));
});

test('Python register_instance: public methods of the class, self dropped, nested defs ignored', async () => {
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
  const model = await scan(text, 'calc.py');
  assert.equal(model.isServer, true);
  assert.equal(model.host, 'localhost');
  assert.equal(model.port, 9000);
  assert.deepEqual(model.functions.map((m) => m.name), ['add', 'slow']);
  assert.deepEqual(model.functions[0].params, [p('x'), p('y')]);
});

test('Python register_instance of a class defined elsewhere: a note, no guessed methods', async () => {
  const model = await scan(`from xmlrpc.server import SimpleXMLRPCServer\nfrom api import Api\ns = SimpleXMLRPCServer(('', 1234))\ns.register_instance(Api())\n`, 'a.py');
  assert.deepEqual(model.functions, []);
  assert.deepEqual(model.notes, [{ line: 4, column: 1, message: 'register_instance(Api()): its class is not defined in this file, so its methods are not known' }]);
});

test('Python hprose: port= keyword, addFunction and addFunctions with aliases', async () => {
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
  const model = await scan(text, 'hp.py');
  assert.equal(model.isServer, true);
  assert.equal(model.protocol, 'hprose');
  assert.equal(model.port, 8880);
  assert.deepEqual(model.functions.map((m) => m.name), ['hello', 'sayBye', 'h2', 'b2', 'max']);
  assert.deepEqual(model.functions[1].params, [p('name')]);
  assert.equal(model.functions[1].definition?.line, 7);
});

test("hprose's overloaded add(): on the server only, not on a set", async () => {
  const py = `import hprose

def hello(name): return name
def bye(name): return name

server = hprose.HttpServer(port=8880)
server.add(hello)
server.add(bye, 'farewell')
server.add([hello, bye], ['h', 'b'])
seen = set()
seen.add(bye)
server.start()
`;
  assert.deepEqual(
    (await scan(py, 'a.py')).functions.map((f) => [f.name, f.definition?.line]),
    [
      ['hello', 3],
      ['farewell', 4],
      ['h', 3],
      ['b', 4],
    ],
  );
  const js = `const hprose = require('hprose');
function hello(name) { return name; }
const handlers = new Set();
handlers.add(hello);
const service = new hprose.HttpService();
service.add(hello, 'hi');
`;
  assert.deepEqual((await scan(js, 'a.js')).functions.map((f) => [f.name, f.definition?.line]), [['hi', 2]]);
});

test('Python clients, plain scripts and strings naming a server library are not servers', async () => {
  assert.equal((await scan(`import xmlrpc.client\nprint(xmlrpc.client.ServerProxy('http://x').sayHi('a'))\n`, 'c.py')).isServer, false);
  assert.equal((await scan(`import hprose\nclient = hprose.HttpClient('http://127.0.0.1:8880/')\n`, 'c.py')).isServer, false);
  assert.equal((await scan(`print("hello")\n# SimpleXMLRPCServer\n`, 'c.py')).isServer, false);
  assert.equal((await scan(`x = "SimpleXMLRPCServer"`, 'c.py')).isServer, false);
});

test('Python JSON-RPC decorators', async () => {
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
  const model = await scan(text, 'j.py');
  assert.equal(model.isServer, true);
  assert.equal(model.protocol, 'jsonrpc');
  assert.equal(model.port, 5000);
  assert.deepEqual(model.functions.map((m) => m.name), ['ping', 'math.sub']);
});

test('Python json-rpc dispatcher.add_method and werkzeug run_simple', async () => {
  const text = `from werkzeug.serving import run_simple
from jsonrpc import JSONRPCResponseManager, dispatcher

def foobar(**kwargs):
    return kwargs["foo"] + kwargs["bar"]

dispatcher.add_method(foobar, name='foo.bar')

@dispatcher.add_method
def echo(s):
    return s

if __name__ == '__main__':
    run_simple('localhost', 4000, application)
`;
  const model = await scan(text, 'j.py');
  assert.equal(model.protocol, 'jsonrpc');
  assert.deepEqual([model.host, model.port], ['localhost', 4000]);
  assert.deepEqual(model.functions.map((m) => [m.name, m.definition?.line]), [
    ['foo.bar', 4],
    ['echo', 10],
  ]);
  assert.deepEqual(model.functions[0].params, [{ name: 'kwargs', kind: 'var-keyword', required: false }]);
});

test('Node hprose: listen port from env with default, addFunction, addFunctions, inline function', async () => {
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
  const model = await scan(text, 'server.js');
  assert.equal(model.language, 'javascript');
  assert.equal(model.isServer, true);
  assert.equal(model.protocol, 'hprose');
  assert.equal(model.port, 8880);
  assert.equal(model.portEnv, 'PORT');
  assert.equal(model.host, '127.0.0.1');
  assert.deepEqual(model.functions.map((m) => m.name), ['sayHi', 'sayBye', 'hi2', 'bye2', 'shout']);
  assert.deepEqual(sourceMethods(model)[1].params, [
    { name: 'name', required: true },
    { name: 'suffix', required: false },
  ]);
});

test('Node hprose Server.create URL', async () => {
  const model = await scan(`var hprose = require("hprose");\nvar server = hprose.Server.create("http://0.0.0.0:8080");\nserver.addFunction(hello);\nserver.start();\n`, 's.mjs');
  assert.equal(model.host, '0.0.0.0');
  assert.equal(model.port, 8080);
  assert.deepEqual(model.functions, [{ name: 'hello', registration: 'addFunction', registeredAt: { file: 's.mjs', line: 3, column: 1 } }]);
});

test('jayson: inline method map, method map variable, server.method', async () => {
  const inline = `const jayson = require('jayson');
const server = new jayson.Server({
  add: function (args, callback) { callback(null, args[0] + args[1]); },
  'math.mul'(args, callback) { callback(null, 1); },
  async sayHi([name]) { return 'Hi ' + name + '!'; },
  "nested": { notAMethod: 1 },
});
server.http().listen(3000);
`;
  const a = await scan(inline, 'j.js');
  assert.equal(a.protocol, 'jsonrpc');
  assert.equal(a.port, 3000);
  // jayson refuses a method that is not a function: "nested" would not start.
  assert.deepEqual(a.functions.map((m) => m.name), ['add', 'math.mul', 'sayHi']);
  assert.deepEqual(a.functions[2].params, [p('name')]);

  const variable = `import jayson from 'jayson';
const methods: Record<string, unknown> = {
  ping(_args: unknown, cb: Function) { cb(null, 'pong'); },
  echo,
};
const server = jayson.server(methods);
server.method('late', (args: unknown, cb: Function) => cb(null, args));
server.http().listen({ port: 4000, host: 'localhost' });
`;
  const b = await scan(variable, 'j.ts');
  assert.equal(b.language, 'typescript');
  assert.equal(b.host, 'localhost');
  assert.equal(b.port, 4000);
  assert.deepEqual(b.functions.map((m) => m.name), ['ping', 'echo', 'late']);
  assert.equal(b.functions[1].definition, undefined, 'echo is not defined in this file');
});

test('npm xmlrpc server: method events, not NotFound', async () => {
  const text = `const xmlrpc = require('xmlrpc');
const server = xmlrpc.createServer({ host: 'localhost', port: 9090 });
server.on('NotFound', (method) => console.log(method));
server.on('sayHi', (err, params, callback) => callback(null, 'Hi ' + params[0] + '!'));
`;
  const model = await scan(text, 'x.js');
  assert.equal(model.protocol, 'xmlrpc');
  assert.equal(model.port, 9090);
  assert.deepEqual(await names(text, 'x.js'), ['sayHi']);
});

test('plain http.createServer: a server with an unknown protocol, guessed from the body it handles', async () => {
  const plain = await scan(`require('http').createServer((q, s) => s.end('ok')).listen(8880);`, 'h.js');
  assert.equal(plain.isServer, true);
  assert.equal(plain.protocol, undefined);
  assert.equal(plain.port, 8880);
  const json = await scan(`const http = require('node:http');\nhttp.createServer(h).listen(1234);\nfunction h(){ return {jsonrpc: '2.0'} }`, 'h.js');
  assert.equal(json.protocol, 'jsonrpc');
  const xml = await scan(`require('http').createServer((q, s) => s.end('<methodResponse/>')).listen(8881);`, 'h.js');
  assert.equal(xml.protocol, 'xmlrpc');
  assert.equal((await scan(`console.log('hi')`, 'a.js')).isServer, false);
});

test('comments and strings that mention registrations register nothing', async () => {
  const py = `from xmlrpc.server import SimpleXMLRPCServer
s = SimpleXMLRPCServer(('', 8000))
"""
s.register_function(in_docstring)
"""
# s.register_function(in_comment)
x = 's.register_function(in_string)'
`;
  assert.deepEqual(await names(py, 'x.py'), []);
  const js = `const hprose = require('hprose');
const s = new hprose.HttpService();
/* s.addFunction(inBlockComment); */
// s.addFunction(inLineComment);
const t = \`s.addFunction(inTemplate)\`;
`;
  assert.deepEqual(await names(js, 'x.js'), []);
});

test('languages', () => {
  assert.equal(sourceLanguageOf('a/b/server.PY'), 'python');
  assert.equal(sourceLanguageOf('x.pyw'), 'python');
  assert.equal(sourceLanguageOf('x.mjs'), 'javascript');
  assert.equal(sourceLanguageOf('x.cts'), 'typescript');
  assert.equal(sourceLanguageOf('x.rb'), undefined);
});

test('an unsupported language is not scanned', async () => {
  assert.equal(await scanServerSource('package main', 'x.go'), undefined);
});

test('garbage and huge inputs do not throw', async () => {
  for (const text of ['register_function(', '@server.register_function\n', 'addFunctions([a, ', "('", 'class X:\n', '\u0000\uffff', ')]}{[(']) {
    await scan(text, 'x.py');
    await scan(text, 'x.js');
    await scan(text, 'x.ts');
  }
  const big = 'server.register_function(f)\n'.repeat(20000) + 'from xmlrpc.server import SimpleXMLRPCServer\n';
  const started = Date.now();
  assert.deepEqual(await names(big, 'x.py'), ['f']);
  // About a second on an idle machine; the bound catches work growing faster than the file, not a busy machine.
  assert.ok(Date.now() - started < 10_000, `took ${Date.now() - started} ms`);
});

test('a large file is parsed in slices: the event loop runs while it is scanned', async () => {
  const big = 'def f(a, b):\n    return a + b\n\nserver.register_function(f)\n'.repeat(25000);
  let scanned = false;
  let ranDuringScan = false;
  setImmediate(() => (ranDuringScan = !scanned));
  const model = await scan(big, 'big.py');
  scanned = true;
  assert.equal(model.functions.length, 1);
  assert.equal(ranDuringScan, true);
});

test('the parsers load on the first scan, not when the module is imported', () => {
  const index = path.join(ROOT, 'out', 'src', 'sourceModel', 'index.js');
  const script = `
    const loaded = () => Object.keys(require.cache).some((k) => k.includes('@lezer'));
    const model = require(${JSON.stringify(index)});
    const before = loaded();
    model.scanServerSource('x = 1', 'x.py').then(() => console.log(JSON.stringify({ before, after: loaded() })));
  `;
  const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 30_000 });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(JSON.parse(result.stdout), { before: false, after: true });
});
