/**
 * The hprose codec against the npm `hprose` 2.0.51 package's own Writer and Reader (in process, no mocks): bytes we
 * write are what the npm Writer writes for the same value, the npm Reader reads them back to the same value, and we
 * read whatever the npm Writer produces (class instances, shared lists, repeated strings, Maps, typed arrays...).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { RpcError } from '../../src/core/errors';
import { decodeCallResponse, decodeFunctionList, encodeCall } from '../../src/core/hprose/protocol';
import { HproseReader } from '../../src/core/hprose/reader';
import { serializeValue } from '../../src/core/hprose/writer';
import type { TypedValue } from '../../src/core/types';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const hprose = require('hprose');

/** The npm Writer's bytes for a JS value. */
function npmSerialize(value: unknown): Buffer {
  return Buffer.from(hprose.Formatter.serialize(value));
}

/** The npm Reader's value for bytes. */
function npmUnserialize(bytes: Buffer): unknown {
  return hprose.Formatter.unserialize(new Uint8Array(bytes));
}

function decode(wire: string | Buffer): TypedValue {
  const reader = new HproseReader(typeof wire === 'string' ? Buffer.from(wire, 'utf8') : wire);
  const value = reader.readValue();
  assert.equal(reader.remaining, 0, 'the whole value is read');
  return value;
}

function assertMalformed(fn: () => unknown, pattern: RegExp): void {
  assert.throws(fn, (error: unknown) => {
    assert.ok(error instanceof RpcError, `an RpcError, got ${String(error)}`);
    assert.ok(error.kind === 'malformed' || error.kind === 'too-large', `kind ${error.kind}`);
    assert.ok(!error.message.includes('\n'), 'one line');
    assert.match(error.message, pattern);
    return true;
  });
}

describe('hprose writer matches the npm Writer byte for byte', () => {
  const cases: [string, TypedValue, unknown][] = [
    ['null', null, null],
    ['true', true, true],
    ['false', false, false],
    ['digit', 7, 7],
    ['zero', 0, 0],
    ['negative int', -5, -5],
    ['int32 max', 2147483647, 2147483647],
    ['int32 min', -2147483648, -2147483648],
    ['double', 1.5, 1.5],
    ['small double', 1e-7, 1e-7],
    ['empty string', '', ''],
    ['one char', 'x', 'x'],
    ['one CJK char', '测', '测'],
    ['ascii string', 'hello', 'hello'],
    ['CJK string (UTF-16 length 11)', 'Python测试和开发', 'Python测试和开发'],
    ['emoji string (one code point, two UTF-16 units)', '😀', '😀'],
    ['mixed astral string', 'a😀b👍🏽c', 'a😀b👍🏽c'],
    ['list', [1, 'two', [3]], [1, 'two', [3]]],
    ['empty list', [], []],
    ['map', { a: 1, b: [true, null] }, { a: 1, b: [true, null] }],
    ['empty map', {}, {}],
    ['repeated strings become references', ['hello', 'hello', { hello: 'hello' }], ['hello', 'hello', { hello: 'hello' }]],
    ['bytes', { $base64: 'AP8BIg==' }, Buffer.from([0, 255, 1, 34])],
    ['empty bytes', { $base64: '' }, Buffer.alloc(0)],
    ['NaN', { $double: 'NaN' }, NaN],
    ['-Infinity', { $double: '-Infinity' }, -Infinity],
  ];
  for (const [name, typed, native] of cases) {
    test(name, () => {
      assert.equal(serializeValue(typed).toString('latin1'), npmSerialize(native).toString('latin1'));
    });
  }

  test('a string length counts UTF-16 code units, the bytes are UTF-8', () => {
    const wire = serializeValue('Python测试和开发😀');
    assert.equal(wire.toString('utf8'), 's13"Python测试和开发😀"');
    assert.equal(wire.length, 3 + 1 + 6 + 5 * 3 + 4 + 1);
  });

  test('a UTC datetime: the npm writeUTCDate format', () => {
    const stream = new hprose.BytesIO();
    new hprose.Writer(stream).writeUTCDate(new Date(Date.UTC(2026, 10, 23, 10, 0, 0, 123)));
    assert.equal(serializeValue({ $datetime: '2026-11-23T10:00:00.123Z' }).toString(), Buffer.from(stream.bytes).toString());
  });

  test('class objects: the npm Writer format for a registered class', () => {
    function Point(this: { x: number; y: number }, x: number, y: number) {
      this.x = x;
      this.y = y;
    }
    hprose.ClassManager.register(Point, 'Point');
    const native = [new (Point as unknown as new (x: number, y: number) => object)(1, 2), new (Point as unknown as new (x: number, y: number) => object)(3, 4)];
    const typed: TypedValue = [
      { $class: 'Point', x: 1, y: 2 },
      { $class: 'Point', x: 3, y: 4 },
    ];
    assert.equal(serializeValue(typed).toString('latin1'), npmSerialize(native).toString('latin1'));
  });
});

describe('hprose values the npm Reader reads back', () => {
  test('longs, integral doubles and datetimes', () => {
    assert.equal(npmUnserialize(serializeValue({ $i8: '123456789012345678901' })), '123456789012345678901');
    assert.equal(npmUnserialize(serializeValue(4294967296)), 4294967296);
    assert.equal(serializeValue(4294967296).toString(), 'l4294967296;');
    assert.equal(serializeValue({ $double: 3 }).toString(), 'd3;');
    assert.equal(npmUnserialize(serializeValue({ $double: 3 })), 3);
    const date = npmUnserialize(serializeValue({ $datetime: '2026-11-23T11:30:00+01:30' })) as Date;
    assert.equal(date.toISOString(), '2026-11-23T10:00:00.000Z');
    assert.equal(serializeValue({ $datetime: '2026-11-23T10:00:00.5Z' }).toString(), 'D20261123T100000.500Z');
    assert.equal(serializeValue({ $datetime: '2026-11-23' }).toString(), 'D20261123;');
    assert.equal(serializeValue({ $datetime: '2026-11-23T10:00:00' }).toString(), 'D20261123T100000;');
    assert.equal(serializeValue({ $datetime: '20261123T10:00:00' }).toString(), 'D20261123T100000;');
    assert.equal(serializeValue({ $datetime: '1970-01-01T10:11:12.000001' }).toString(), 'T101112.000001;');
    assert.equal(serializeValue({ $datetime: '10:11:12Z' }).toString(), 'T101112Z');
  });

  test('every plain type survives the npm Reader', () => {
    const value = { s: 'Python测试和开发😀', n: -12, d: 2.25, list: ['a', 'a', null, true], nested: { k: [{}] } };
    assert.deepEqual(npmUnserialize(serializeValue(value)), value);
  });

  test('a $class struct becomes an instance of that class', () => {
    const read = npmUnserialize(serializeValue({ $class: 'Point', x: 5, y: 6 })) as { x: number; getClassName?: () => string; constructor: { name: string } };
    assert.equal(read.x, 5);
    assert.equal(hprose.ClassManager.getClassAlias(read.constructor), 'Point');
  });

  test('invalid tagged values are usage errors, not wire garbage', () => {
    const bad: TypedValue[] = [{ $i8: '12x' }, { $double: 'abc' }, { $base64: '%%%' }, { $datetime: '2026-13-01' }, { $datetime: 'tomorrow' }];
    for (const value of bad) {
      assert.throws(() => serializeValue(value), (e: unknown) => e instanceof RpcError && e.kind === 'usage');
    }
  });
});

describe('hprose reader reads what the npm Writer writes', () => {
  test('scalars', () => {
    assert.equal(decode(npmSerialize(5)), 5);
    assert.equal(decode(npmSerialize(-123456)), -123456);
    assert.equal(decode(npmSerialize(0.1)), 0.1);
    assert.deepEqual(decode(npmSerialize(2 ** 40)), { $double: 2 ** 40 }, 'the npm Writer sends a non-int32 integer as a double');
    assert.deepEqual(decode(npmSerialize(NaN)), { $double: 'NaN' });
    assert.deepEqual(decode(npmSerialize(Infinity)), { $double: 'Infinity' });
    assert.equal(decode(npmSerialize('')), '');
    assert.equal(decode(npmSerialize('é')), 'é');
    assert.equal(decode(npmSerialize('Python测试和开发')), 'Python测试和开发');
    assert.equal(decode(npmSerialize('😀')), '😀');
    assert.equal(decode(npmSerialize('x😀y'.repeat(1000))), 'x😀y'.repeat(1000));
    assert.deepEqual(decode(npmSerialize(Buffer.from('hi\u0000"'))), { $base64: Buffer.from('hi\u0000"').toString('base64') });
  });

  test('longs: exact numbers when safe, {"$i8"} beyond 2^53', () => {
    assert.equal(decode('l9007199254740991;'), 9007199254740991);
    assert.deepEqual(decode('l9007199254740993;'), { $i8: '9007199254740993' });
    assert.deepEqual(decode('l-123456789012345678901;'), { $i8: '-123456789012345678901' });
    assert.deepEqual(decode(npmSerialize(new Uint32Array([4294967295]))), [4294967295]);
  });

  test('dates and times', () => {
    const instant = new Date(Date.UTC(2026, 10, 23, 10, 0, 0, 123));
    assert.deepEqual(decode(npmSerialize(instant)), { $datetime: localIso(instant) }, 'the npm Writer sends local time, no zone');
    assert.deepEqual(decode('D20261123T100000.123Z'), { $datetime: '2026-11-23T10:00:00.123Z' });
    assert.deepEqual(decode('D20261123T100000.123456789Z'), { $datetime: '2026-11-23T10:00:00.123456789Z' });
    assert.deepEqual(decode('D20261123;'), { $datetime: '2026-11-23' });
    assert.deepEqual(decode('D20261123Z'), { $datetime: '2026-11-23' });
    assert.deepEqual(decode('T101112;'), { $datetime: '1970-01-01T10:11:12' });
    assert.deepEqual(decode('T101112.500Z'), { $datetime: '1970-01-01T10:11:12.500Z' });
  });

  test('strings whose length counts code points (the Python 3 hprose Writer) read too', () => {
    assert.equal(decode('s3"a😀b"'), 'a😀b');
    assert.equal(decode('s4"a😀b"'), 'a😀b', 'the UTF-16 count still reads');
    assert.deepEqual(decode('a2{s3"a😀b"r1;}'), ['a😀b', 'a😀b']);
  });

  test('GUIDs read as strings (and take a reference slot)', () => {
    assert.deepEqual(decode('a2{g{0F2A4A2C-1111-4A4A-8B8B-0123456789AB}r1;}'), ['0F2A4A2C-1111-4A4A-8B8B-0123456789AB', '0F2A4A2C-1111-4A4A-8B8B-0123456789AB']);
  });

  test('references: shared lists, repeated strings, class field names', () => {
    const shared = ['x', 'yz'];
    assert.deepEqual(decode(npmSerialize([shared, shared, 'yz'])), [['x', 'yz'], ['x', 'yz'], 'yz']);
    assert.deepEqual(decode(npmSerialize(['hello', 'hello', { hello: 'hello' }])), ['hello', 'hello', { hello: 'hello' }]);
    function User(this: { name: string; tags: string[] }, name: string) {
      this.name = name;
      this.tags = ['name', name];
    }
    hprose.ClassManager.register(User, 'User');
    const make = (name: string) => new (User as unknown as new (n: string) => object)(name);
    // Field names are strings with reference slots: "name" is slot 1, so the second "name" in tags is `r1;`.
    const wire = npmSerialize([make('ann'), make('bob')]);
    assert.match(wire.toString(), /r\d+;/);
    assert.deepEqual(decode(wire), [
      { $class: 'User', name: 'ann', tags: ['name', 'ann'] },
      { $class: 'User', name: 'bob', tags: ['name', 'bob'] },
    ]);
  });

  test('a Map with non-string keys reads as a struct with text keys', () => {
    assert.deepEqual(decode(npmSerialize(new Map<unknown, unknown>([[1, 'one'], [true, 'yes'], [null, 'nil']]))), { 1: 'one', true: 'yes', null: 'nil' });
  });

  test('a cycle becomes {"$ref": index} instead of an endless value', () => {
    const list: unknown[] = [1];
    list.push(list);
    assert.deepEqual(decode(npmSerialize(list)), [1, { $ref: 0 }]);
  });

  test('"__proto__" as a key stays data', () => {
    const value = decode('m1{s9"__proto__"s4"evil"}') as Record<string, unknown>;
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal(Object.getOwnPropertyDescriptor(value, '__proto__')?.value, 'evil');
  });

  test('a long string (over 64K UTF-16 units, the npm Reader\'s chunk size)', () => {
    const text = '测😀a'.repeat(30000);
    assert.equal(decode(npmSerialize(text)), text);
  });
});

describe('hprose framing', () => {
  test('a call: C + name + argument list + z, as the npm client sends it', () => {
    assert.equal(encodeCall('sayBye', ['Python测试和开发']).toString('utf8'), 'Cs6"sayBye"a1{s11"Python测试和开发"}z');
    assert.equal(encodeCall('ping', []).toString(), 'Cs4"ping"z', 'no list without arguments');
    assert.equal(encodeCall('f', ['ab', 'ab']).toString(), 'Cs1"f"a2{s2"ab"r1;}z', 'references restart at the list, which is slot 0');
  });

  test('the function list drops # and *, and hprose 3 R…z lists drop ~', () => {
    assert.deepEqual(decodeFunctionList(Buffer.from('Fa4{u#s5"sayHi"s6"sayBye"u*}z')), ['sayHi', 'sayBye']);
    assert.deepEqual(decodeFunctionList(Buffer.from('Ra3{u~s5"sayHi"s6"sayBye"}z')), ['sayHi', 'sayBye']);
    assert.deepEqual(decodeFunctionList(Buffer.from('Fa{}z')), []);
  });

  test('results, errors and by-reference arguments', () => {
    assert.equal(decodeCallResponse(Buffer.from('Rs16"Bye,Python测试和开发!"z')), 'Bye,Python测试和开发!');
    assert.deepEqual(decodeCallResponse(Buffer.from('Ra1{s2"ab"}Aa1{r0;}z')), ['ab']);
    assert.throws(
      () => decodeCallResponse(Buffer.from('Es10"no way out"z')),
      (e: unknown) => e instanceof Error && e.name === 'RpcFault' && (e as unknown as { code: unknown }).code === null && (e as unknown as { faultString: string }).faultString === 'no way out',
    );
  });
});

describe('hprose reader refuses bad input with one line, before allocating', () => {
  test('not hprose at all', () => {
    assertMalformed(() => decodeCallResponse(Buffer.from('<html><body>404</body></html>')), /not an hprose response.*<html>/);
    assertMalformed(() => decodeCallResponse(Buffer.alloc(0)), /empty response/);
    assertMalformed(() => decodeFunctionList(Buffer.from('{"jsonrpc":"2.0"}')), /not an hprose response/);
  });

  test('truncated and garbled values', () => {
    assertMalformed(() => decodeCallResponse(Buffer.from('Rs5"abc')), /string/);
    assertMalformed(() => decodeCallResponse(Buffer.from('Ri12')), /unterminated integer/);
    assertMalformed(() => decodeCallResponse(Buffer.from('Ri1x;z')), /bad integer/);
    assertMalformed(() => decodeCallResponse(Buffer.from('Rd1.2.3;z')), /bad double/);
    assertMalformed(() => decodeCallResponse(Buffer.from('Ra2{1}z')), /unexpected "}"/);
    assertMalformed(() => decodeCallResponse(Buffer.from('R1')), /end of data/);
    assertMalformed(() => decodeCallResponse(Buffer.from('R1zjunk')), /after the end/);
    assertMalformed(() => decodeCallResponse(Buffer.from('Rr0;z')), /unknown value/);
    assertMalformed(() => decodeCallResponse(Buffer.from('Ro0{}z')), /undefined class/);
    assertMalformed(() => decodeCallResponse(Buffer.from('RD2026112;z')), /date/);
    assertMalformed(() => decodeCallResponse(Buffer.from([0x52, 0x73, 0x32, 0x22, 0xff, 0xfe, 0x22, 0x7a])), /UTF-8/);
    assertMalformed(() => decodeCallResponse(Buffer.from('R?z')), /unexpected "\?"/);
  });

  test('absurd lengths and counts are refused without allocating', () => {
    const before = process.memoryUsage().arrayBuffers;
    assertMalformed(() => decodeCallResponse(Buffer.from('Rs999999999"abc"z')), /string length 999999999 exceeds/);
    assertMalformed(() => decodeCallResponse(Buffer.from('Rb999999999"abc"z')), /bytes length 999999999 exceeds/);
    assertMalformed(() => decodeCallResponse(Buffer.from('Ra999999999{1}z')), /list count 999999999 exceeds/);
    assertMalformed(() => decodeCallResponse(Buffer.from('Rm999999999{11}z')), /map count 999999999 exceeds/);
    assertMalformed(() => decodeCallResponse(Buffer.from('Rs99999999999999999999"abc"z')), /bad string length/);
    assertMalformed(() => decodeCallResponse(Buffer.from('Ri' + '9'.repeat(10_000) + ';z')), /unterminated integer/);
    assert.ok(process.memoryUsage().arrayBuffers - before < 16 * 1024 * 1024, 'no large allocation');
  });

  test('deep nesting is refused instead of overflowing the stack', () => {
    assertMalformed(() => decodeCallResponse(Buffer.from('R' + 'a1{'.repeat(100_000) + '1' + '}'.repeat(100_000) + 'z')), /nesting deeper than 512/);
  });

  test('a reference bomb (each level doubles the expanded value) is refused', () => {
    // List k (slot k) holds [list k+1, r(k+1)]: a few hundred bytes that would print as 2^40 leaves.
    const levels = 40;
    let wire = 'a2{'.repeat(levels - 1) + 'a2{11}';
    for (let k = levels - 2; k >= 0; k--) wire += `r${k + 1};}`;
    assertMalformed(() => decodeCallResponse(Buffer.from(`R${wire}z`)), /expands/);
    // A few shared levels are fine: references are values, not errors.
    let small = 'a2{'.repeat(3) + 'a2{11}';
    for (let k = 2; k >= 0; k--) small += `r${k + 1};}`;
    const value = decodeCallResponse(Buffer.from(`R${small}z`));
    assert.equal(JSON.stringify(value).match(/1/g)?.length, 16);
  });
});

/** The local date-time of a Date as ISO text without zone (the npm Writer writes local time). */
function localIso(date: Date): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  const ms = date.getMilliseconds();
  return (
    `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}${ms ? '.' + pad(ms, 3) : ''}`
  );
}
