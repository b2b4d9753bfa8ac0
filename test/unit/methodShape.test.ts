import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseArgumentList, type MethodInfo, type TypedValue } from '../../src/core';
import { methodsFromOpenRpc } from '../../src/core/jsonrpc/openrpc';
import {
  argumentListText,
  argumentTemplateOf,
  checkArguments,
  checkValue,
  compactSignature,
  conformToShape,
  hexToBase64,
  base64ToHex,
  initialValue,
  isSecretName,
  methodShapeOf,
  readDoubleText,
  readIntegerText,
  readNumberText,
  shapeOfSchema,
  shapeOfTypeText,
  signatureLinesOf,
  typedJsonText,
  withoutSecrets,
  type ValueShape,
} from '../../src/core/methodShape';

const bookDocument = {
  methods: [
    {
      name: 'book',
      summary: 'Books a room.',
      params: [
        { name: 'room', required: true, schema: { $ref: '#/components/schemas/Room' } },
        { name: 'nights', required: true, schema: { type: 'integer', minimum: 1, maximum: 30, default: 1 } },
        { name: 'guest', required: true, schema: { $ref: '#/components/schemas/Guest' } },
        { name: 'payment', schema: { oneOf: [{ title: 'card', type: 'object', properties: { number: { type: 'string', pattern: '^\\d{16}$' } }, required: ['number'] }, { title: 'cash', type: 'boolean' }] } },
        { name: 'note', schema: { type: ['string', 'null'], maxLength: 5 } },
      ],
      result: { name: 'confirmation', schema: { type: 'string' } },
    },
  ],
  components: {
    schemas: {
      Room: { type: 'string', enum: ['red', 'blue'] },
      Guest: {
        type: 'object',
        required: ['name'],
        properties: { name: { type: 'string', minLength: 1 }, vip: { type: 'boolean', default: false }, tags: { type: 'array', items: { $ref: '#/components/schemas/Tag' } } },
      },
      Tag: { type: 'string' },
    },
  },
};

test('OpenRPC: $ref into components, enum, nested object with required and defaults, oneOf, nullable, constraints', () => {
  const [method] = methodsFromOpenRpc(bookDocument);
  const shape = methodShapeOf(method);
  assert.equal(shape.origin, 'openrpc');
  const [room, nights, guest, payment, note] = shape.variants[0].params;
  assert.deepEqual(room.shape, { kind: 'enum', options: ['red', 'blue'] });
  assert.equal(nights.shape.kind, 'integer');
  assert.equal(nights.shape.kind === 'integer' && nights.shape.minimum, '1');
  assert.equal(guest.shape.kind, 'struct');
  if (guest.shape.kind !== 'struct') return;
  assert.deepEqual(guest.shape.fields.map((f) => [f.name, f.required, f.shape.kind]), [['name', true, 'string'], ['vip', false, 'boolean'], ['tags', false, 'array']]);
  assert.equal(payment.required, false);
  assert.equal(payment.shape.kind, 'oneOf');
  assert.deepEqual(payment.shape.kind === 'oneOf' && payment.shape.variants.map((v) => v.label), ['card', 'cash']);
  assert.equal(note.shape.nullable, true);
  assert.equal(compactSignature(shape), '(room: "red" | "blue", nights: integer, guest: {name, vip?, tags?}, payment?: card | cash, note?: string?) → string');
  assert.equal(argumentTemplateOf(shape), '"red", 1, {"name": "name", "vip": false, "tags": []}, {"number": "number"}, "note"');
  assert.deepEqual(initialValue(guest.shape), { name: '', vip: false });
  // Validation: a value for each constraint.
  assert.deepEqual(checkArguments(['green', 0, {}], shape.variants[0].params).map((p) => p.path), ['room', 'nights', 'guest.name']);
  assert.deepEqual(checkValue({ number: '12' }, payment.shape, 'payment').map((p) => p.path), ['payment.number']);
  assert.deepEqual(checkValue(true, payment.shape, 'payment'), []);
  assert.deepEqual(checkValue(null, note.shape, 'note'), []);
  assert.equal(checkValue('toolong', note.shape, 'note')[0].message, 'at most 5 characters');
});

test('JSON Schema: $defs, anyOf with null, allOf, recursive $ref, type lists, formats', () => {
  const schema = {
    $defs: { Node: { type: 'object', properties: { value: { type: 'integer' }, next: { $ref: '#/$defs/Node' } } } },
    type: 'object',
    properties: {
      head: { $ref: '#/$defs/Node' },
      when: { type: 'string', format: 'date-time' },
      blob: { type: 'string', contentEncoding: 'base64' },
      maybe: { anyOf: [{ type: 'number' }, { type: 'null' }] },
      both: { allOf: [{ type: 'object', properties: { a: { type: 'string' } } }, { type: 'object', properties: { b: { type: 'integer' } } }] },
    },
  };
  const shape = shapeOfSchema(schema);
  assert.equal(shape.kind, 'struct');
  if (shape.kind !== 'struct') return;
  const byName = Object.fromEntries(shape.fields.map((f) => [f.name, f.shape])) as Record<string, ValueShape>;
  const head = byName.head;
  assert.equal(head.kind, 'struct');
  assert.equal(head.kind === 'struct' && head.fields.find((f) => f.name === 'next')!.shape.kind, 'any'); // recursion stops
  assert.equal(byName.when.kind, 'datetime');
  assert.equal(byName.blob.kind, 'base64');
  assert.deepEqual(byName.maybe, { kind: 'number', nullable: true });
  assert.deepEqual(byName.both.kind === 'struct' && byName.both.fields.map((f) => f.name), ['a', 'b']);
});

test('XML-RPC signatures: several call variants, names from the source when the count matches', () => {
  const method: MethodInfo = { name: 'scale', signatures: [['double', 'double', 'int'], ['array', 'array', 'double', 'boolean']], help: 'Scales.' };
  const shape = methodShapeOf(method, { location: 'server.py:3', params: [{ name: 'value', kind: 'positional', required: true }, { name: 'factor', kind: 'positional', required: true }] });
  assert.equal(shape.origin, 'signature');
  assert.equal(shape.variants.length, 2);
  assert.deepEqual(shape.variants[0].params.map((p) => [p.name, p.shape.kind]), [['value', 'double'], ['factor', 'integer']]);
  assert.deepEqual(shape.variants[1].params.map((p) => p.name), ['arg1', 'arg2', 'arg3']);
  assert.equal(compactSignature(shape), '(value: double, factor: integer) → double +1');
  assert.deepEqual(signatureLinesOf(shape), ['scale(value: double, factor: integer) → double', 'scale(arg1: array, arg2: double, arg3: boolean) → array']);
  assert.equal(argumentTemplateOf(shape), '1.0, 42');
  assert.equal(argumentTemplateOf(shape, 1), '[], 1.0, false');
});

test('Python hints: Optional, list[int], dict[str, X], datetime, bytes, Literal, defaults; *args leaves the count open', () => {
  const shape = methodShapeOf(
    { name: 'f', signatures: null, help: null },
    {
      location: 'server.py:12',
      doc: 'Does f.',
      params: [
        { name: 'a', kind: 'positional', required: true, type: 'Optional[int]' },
        { name: 'ids', kind: 'positional', required: true, type: 'list[int]' },
        { name: 'scores', kind: 'positional', required: true, type: 'dict[str, float]' },
        { name: 'when', kind: 'positional', required: true, type: 'datetime' },
        { name: 'blob', kind: 'positional', required: true, type: 'bytes' },
        { name: 'mode', kind: 'positional', required: true, type: "Literal['fast', 'slow']" },
        { name: 'ratio', kind: 'positional', required: false, type: 'float', default: '2' },
        { name: 'times', kind: 'positional', required: false, default: '3' },
        { name: 'rest', kind: 'var-positional', required: false },
        { name: 'opt', kind: 'keyword-only', required: false, default: 'None' },
      ],
    },
  );
  assert.equal(shape.origin, 'source');
  assert.equal(shape.location, 'server.py:12');
  const params = shape.variants[0].params;
  assert.deepEqual(params.map((p) => p.name), ['a', 'ids', 'scores', 'when', 'blob', 'mode', 'ratio', 'times']);
  assert.deepEqual(params[0].shape, { kind: 'integer', nullable: true });
  assert.deepEqual(params[1].shape, { kind: 'array', items: { kind: 'integer' } });
  assert.deepEqual(params[2].shape, { kind: 'struct', fields: [], additional: { kind: 'double' } });
  assert.equal(params[3].shape.kind, 'datetime');
  assert.equal(params[4].shape.kind, 'base64');
  assert.deepEqual(params[5].shape, { kind: 'enum', options: ['fast', 'slow'] });
  assert.deepEqual(params[6].shape.default, { $double: 2 }); // a float default of 2 is sent as a double
  assert.equal(params[7].shape.kind, 'integer');
  assert.equal(shape.variants[0].fixed, false);
  assert.equal(argumentTemplateOf(shape), '42, [], {}, {"$datetime": "20260101T00:00:00"}, {"$base64": ""}, "fast", 2.0, 3');
  assert.ok(parseArgumentList(argumentTemplateOf(shape)!).ok);
});

test('TypeScript and JSDoc types', () => {
  assert.deepEqual(shapeOfTypeText('string[]'), { kind: 'array', items: { kind: 'string' } });
  assert.deepEqual(shapeOfTypeText('Array<number>'), { kind: 'array', items: { kind: 'number' } });
  assert.deepEqual(shapeOfTypeText('Record<string, boolean>'), { kind: 'struct', fields: [], additional: { kind: 'boolean' } });
  assert.deepEqual(shapeOfTypeText("'red' | 'blue'"), { kind: 'enum', options: ['red', 'blue'] });
  assert.deepEqual(shapeOfTypeText('{ name: string; vip?: boolean }'), {
    kind: 'struct',
    fields: [
      { name: 'name', required: true, shape: { kind: 'string' } },
      { name: 'vip', required: false, shape: { kind: 'boolean' } },
    ],
  });
  assert.deepEqual(shapeOfTypeText('number | null'), { kind: 'number', nullable: true });
  assert.deepEqual(shapeOfTypeText('Date'), { kind: 'datetime' });
  assert.deepEqual(shapeOfTypeText('Buffer'), { kind: 'base64' });
  assert.deepEqual(shapeOfTypeText('bigint'), { kind: 'integer' });
  assert.equal(shapeOfTypeText('string | number').kind, 'oneOf');
  assert.equal(shapeOfTypeText('MyClass').kind, 'any');
});

test('integers stay exact beyond 2^53; doubles stay doubles even when typed 1; nil where the value may be null', () => {
  assert.deepEqual(readIntegerText('9007199254740993'), { ok: true, value: { $i8: '9007199254740993' } });
  assert.deepEqual(readIntegerText('-9223372036854775808'), { ok: true, value: { $i8: '-9223372036854775808' } });
  assert.equal(readIntegerText('9223372036854775808').ok, false);
  assert.equal(readIntegerText('1.5').ok, false);
  assert.deepEqual(readIntegerText(' 42 '), { ok: true, value: 42 });
  assert.deepEqual(readDoubleText('1'), { ok: true, value: { $double: 1 } });
  assert.deepEqual(readDoubleText('1.25'), { ok: true, value: 1.25 });
  assert.equal(readDoubleText('abc').ok, false);
  assert.deepEqual(readNumberText('7'), { ok: true, value: 7 });
  assert.deepEqual(readNumberText('7.0'), { ok: true, value: { $double: 7 } });
  assert.deepEqual(conformToShape(3, { kind: 'double' }), { $double: 3 });
  assert.deepEqual(conformToShape([1, 2], { kind: 'array', items: { kind: 'double' } }), [{ $double: 1 }, { $double: 2 }]);
  assert.deepEqual(checkValue(null, { kind: 'string', nullable: true }), []);
  assert.equal(checkValue(null, { kind: 'string' }).length, 1);
  assert.deepEqual(checkValue({ $i8: '9223372036854775807' }, { kind: 'integer', maximum: '9223372036854775806' }).map((p) => p.message), ['at most 9223372036854775806']);
});

test('typed JSON text round-trips through the argument box reader without loss', () => {
  const values: TypedValue[] = [
    'a "quoted" ✓',
    42,
    { $i8: '9007199254740993' },
    { $double: 1 },
    { $double: -0 },
    1.5,
    { $double: 'NaN' },
    null,
    true,
    { $datetime: '20260101T12:00:00' },
    { $base64: 'aGk=' },
    [1, { nested: { $double: 2 } }],
    { guest: { name: 'Ann', vip: false }, 'key with space': [] },
  ];
  const text = argumentListText(values);
  assert.equal(typedJsonText({ $double: 1 }), '1.0');
  assert.equal(typedJsonText({ $i8: '9007199254740993' }), '9007199254740993');
  const parsed = parseArgumentList(text);
  assert.ok(parsed.ok, JSON.stringify(parsed));
  assert.deepEqual(parsed.args, values);
  assert.equal(argumentListText(parsed.args), text);
});

test('secret-named parameters and fields are never kept', () => {
  for (const name of ['password', 'api_key', 'authToken', 'clientSecret', 'key', 'PASSWD']) assert.ok(isSecretName(name), name);
  for (const name of ['monkey', 'keyboard', 'name', 'tokens_used_count']) assert.equal(isSecretName(name), false, name);
  const params = methodShapeOf({
    name: 'login',
    signatures: null,
    help: null,
    params: [
      { name: 'user', required: true, schema: { type: 'string' } },
      { name: 'password', required: true, schema: { type: 'string' } },
      { name: 'options', required: true, schema: { type: 'object', properties: { token: { type: 'string' }, depth: { type: 'integer' } } } },
    ],
  }).variants[0].params;
  assert.deepEqual(withoutSecrets(['ann', 's3cret', { token: 'abc', depth: 2 }], params), ['ann', '', { token: '', depth: 2 }]);
});

test('binary as hex', () => {
  assert.equal(hexToBase64('68 69'), 'aGk=');
  assert.equal(hexToBase64('0x6869'), 'aGk=');
  assert.equal(hexToBase64('6g'), undefined);
  assert.equal(base64ToHex('aGk='), '6869');
});

test('the arity alone, and nothing at all', () => {
  const arity = methodShapeOf({ name: 'f', signatures: null, help: null, params: [{ name: 'x' }, { name: 'y' }], origin: 'source' });
  assert.equal(arity.origin, 'arity');
  assert.equal(argumentTemplateOf(arity), '"x", "y"');
  const unknown = methodShapeOf({ name: 'g', signatures: null, help: null });
  assert.equal(unknown.origin, 'unknown');
  assert.equal(argumentTemplateOf(unknown), undefined);
  assert.equal(compactSignature(unknown), '');
});
