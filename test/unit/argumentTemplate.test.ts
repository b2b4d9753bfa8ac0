import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgumentList } from '../../src/core';
import { scanServerSource } from '../../src/sourceModel';
import { argumentTemplate, literalToTypedJson, sourceSignature, templateOfType } from '../../src/sourceEditor/argumentTemplate';

test('type hints map to typed JSON examples', () => {
  const cases: [string | undefined, string][] = [
    [undefined, '"name"'],
    ['int', '42'],
    ['float', '1.0'],
    ['bool', 'false'],
    ['str', '"name"'],
    ['bytes', '{"$base64": ""}'],
    ['datetime', '{"$datetime": "20260101T00:00:00"}'],
    ['datetime.datetime', '{"$datetime": "20260101T00:00:00"}'],
    ['list', '[]'],
    ['List[int]', '[]'],
    ['typing.List[str]', '[]'],
    ['list[dict[str, int]]', '[]'],
    ['dict', '{}'],
    ['Dict[str, Any]', '{}'],
    ['Optional[int]', '42'],
    ['Optional[List[str]]', '[]'],
    ['Union[None, float]', '1.0'],
    ['int | None', '42'],
    ['None | bytes', '{"$base64": ""}'],
    ["'int'", '42'],
    ['Annotated[int, "count"]', '42'],
    ["Literal['a', 'b']", '"a"'],
    ['Any', '"name"'],
    ['MyClass', '"name"'],
    // TypeScript and JSDoc types
    ['number', '42'],
    ['string', '"name"'],
    ['boolean', 'false'],
    ['string[]', '[]'],
    ['Array<number>', '[]'],
    ['Record<string, number>', '{}'],
    ['{ a: number }', '{"a": 42}'],
    ['Date', '{"$datetime": "20260101T00:00:00"}'],
    ['number | undefined', '42'],
  ];
  for (const [hint, expected] of cases) assert.equal(templateOfType(hint, 'name'), expected, `${hint}`);
});

test('literal defaults become typed JSON; other expressions do not', () => {
  assert.equal(literalToTypedJson('None'), 'null');
  assert.equal(literalToTypedJson('True'), 'true');
  assert.equal(literalToTypedJson('false'), 'false');
  assert.equal(literalToTypedJson('3'), '3');
  assert.equal(literalToTypedJson('-7'), '-7');
  assert.equal(literalToTypedJson('1.0'), '1.0');
  assert.equal(literalToTypedJson('2.5'), '2.5');
  assert.equal(literalToTypedJson("'hi'"), '"hi"');
  assert.equal(literalToTypedJson('"a \\"b\\""'), '"a \\"b\\""');
  assert.equal(literalToTypedJson('[]'), '[]');
  assert.equal(literalToTypedJson('{}'), '{}');
  assert.equal(literalToTypedJson('os.getcwd()'), undefined);
  assert.equal(literalToTypedJson('`${x}`'), undefined);
});

test('a Python function with hints and defaults: one typed value per positional parameter, parsed as typed JSON', async () => {
  const text = [
    'from typing import Optional, List',
    'from datetime import datetime',
    'from xmlrpc.server import SimpleXMLRPCServer',
    'def add(a: int, b: float, flag: bool, label: str, blob: bytes, when: datetime, items: List[int], opts: dict, maybe: Optional[int], untyped, times: int = 3, greeting="hello", *rest, key=None, **extra):',
    '    """Adds."""',
    '    return a',
    "server = SimpleXMLRPCServer(('127.0.0.1', 8000))",
    'server.register_function(add)',
    'server.serve_forever()',
  ].join('\n');
  const model = await scanServerSource(text, '/tmp/typed_server.py');
  const fn = model!.functions.find((f) => f.name === 'add')!;
  const template = argumentTemplate(fn)!;
  assert.equal(
    template,
    '42, 1.0, false, "label", {"$base64": ""}, {"$datetime": "20260101T00:00:00"}, [], {}, 42, "untyped", 3, "hello"',
  );
  const parsed = parseArgumentList(template);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  assert.equal(parsed.args.length, 12);
  assert.match(sourceSignature(fn, 'python'), /^add\(a: int, b: float, .*times: int = 3, greeting = "hello", \*rest, key = None, \*\*extra\)$/);
});

test('a JavaScript function with a JSDoc and defaults', async () => {
  const text = [
    "const hprose = require('hprose');",
    '/**',
    ' * Multiplies.',
    ' * @param {number} a the first',
    ' * @param {string[]} tags',
    ' */',
    'function mul(a, tags, scale = 2) { return a; }',
    "const server = new hprose.HttpServer(3000, '127.0.0.1');",
    'server.addFunctions([mul]);',
    "server.listen(3000, '127.0.0.1');",
  ].join('\n');
  const model = await scanServerSource(text, '/tmp/server.js');
  const fn = model!.functions.find((f) => f.name === 'mul')!;
  assert.equal(argumentTemplate(fn), '42, [], 2');
});

test('no parameters: an empty template; parameters unknown: none', () => {
  assert.equal(argumentTemplate({ name: 'ping', registration: 'x', registeredAt: { file: 'f', line: 1, column: 1 }, params: [] }), '');
  assert.equal(argumentTemplate({ name: 'ping', registration: 'x', registeredAt: { file: 'f', line: 1, column: 1 } }), undefined);
});
