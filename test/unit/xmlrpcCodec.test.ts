/**
 * The XML-RPC codec against Python's xmlrpc.client (test/fixtures/xmlrpc_codec.py): what Python's dumps writes we
 * decode to the right typed JSON, and what we encode Python's loads reads as the right Python values.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { RpcError, RpcFault } from '../../src/core/errors';
import type { TypedValue } from '../../src/core/types';
import { decodeMethodResponse, decodeWithParser, encodeFault, encodeMethodCall, encodeMethodResponse } from '../../src/core/xmlrpc';
import { FALLBACK, decodeCanonicalResponse } from '../../src/core/xmlrpc/fastDecode';
import { PYTHON, repoRoot } from '../support/servers';

const CODEC = path.join(repoRoot(), 'test/fixtures/xmlrpc_codec.py');

function pythonLoads(xml: string): [string, unknown[]] {
  return JSON.parse(execFileSync(PYTHON, [CODEC, 'loads'], { input: xml, encoding: 'utf8' }));
}

function response(valueXml: string): string {
  return `<?xml version="1.0"?>\n<methodResponse><params><param>${valueXml}</param></params></methodResponse>`;
}

function isMalformed(pattern: RegExp) {
  return (e: unknown) => e instanceof RpcError && e.kind === 'malformed' && pattern.test(e.message) && !e.message.includes('\n');
}

describe('XML-RPC decoding of what Python xmlrpc.client.dumps writes', () => {
  const samples = JSON.parse(execFileSync(PYTHON, [CODEC, 'samples'], { encoding: 'utf8' })) as Record<string, string>;
  const expected: Record<string, TypedValue> = {
    int: 42,
    negative: -2147483648,
    double: 1.5,
    integral_double: { $double: 2 },
    inf: { $double: 'Infinity' },
    true: true,
    false: false,
    string: 'a & b < c > d',
    unicode: 'café 测试 😀',
    whitespace: '  two  spaces \n newline\t',
    empty: '',
    none: null,
    bytes: { $base64: 'AAFiaW5hcnn/' },
    datetime: { $datetime: '20261123T10:00:00' },
    list: [1, 'two', [3.5, null]],
    dict: { name: 'x', nested: { list: [true] }, 'weird key & <>': 1 },
    empty_list: [],
    empty_dict: {},
  };
  for (const [name, value] of Object.entries(expected)) {
    it(`decodes ${name} (fast path and fast-xml-parser path alike)`, () => {
      assert.notEqual(decodeCanonicalResponse(samples[name]), FALLBACK, 'Python\'s output takes the fast path');
      assert.deepEqual(decodeMethodResponse(Buffer.from(samples[name], 'utf8')), value);
      assert.deepEqual(decodeWithParser(Buffer.from(samples[name], 'utf8')), value);
    });
  }
});

describe('XML-RPC decoding of the rest of the grammar', () => {
  it('reads i4, i8 (beyond 2^53 as $i8), bare values with exact whitespace, character references, ex:nil', () => {
    assert.equal(decodeMethodResponse(response('<value><i4>-7</i4></value>')), -7);
    assert.equal(decodeMethodResponse(response('<value><i8>9007199254740991</i8></value>')), 9007199254740991);
    assert.deepEqual(decodeMethodResponse(response('<value><i8>9223372036854775807</i8></value>')), { $i8: '9223372036854775807' });
    assert.equal(decodeMethodResponse(response('<value>  bare  text\n</value>')), '  bare  text\n');
    assert.equal(decodeMethodResponse(response('<value></value>')), '');
    assert.equal(decodeMethodResponse(response('<value>caf&#233; &#x1F600; &amp;&lt;&gt;&quot;&apos;</value>')), 'café 😀 &<>"\'');
    assert.equal(decodeMethodResponse(response('<value><string>&#233;t&#xE9;</string></value>')), 'été');
    assert.equal(decodeMethodResponse(response('<value><ex:nil/></value>')), null);
    assert.equal(decodeMethodResponse(response('<value><boolean> 1 </boolean></value>')), true);
    assert.deepEqual(decodeMethodResponse(response('<value><double>-0.25e3</double></value>')), { $double: -250 });
    assert.equal(decodeMethodResponse(response('<value><double>-0.25e-1</double></value>')), -0.025);
    assert.equal(decodeMethodResponse('<?xml version="1.0"?><methodResponse><params></params></methodResponse>'), null);
  });

  it('keeps a struct member called __proto__ as data', () => {
    const value = decodeMethodResponse(response('<value><struct><member><name>__proto__</name><value><int>1</int></value></member></struct></value>')) as Record<string, TypedValue>;
    assert.deepEqual(Object.keys(value), ['__proto__']);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
  });

  it('throws faults as RpcFault', () => {
    assert.throws(
      () => decodeMethodResponse(encodeFault(4, 'Too many parameters.')),
      (e: unknown) => e instanceof RpcFault && e.code === 4 && e.faultString === 'Too many parameters.',
    );
  });

  it('refuses a DOCTYPE before parsing, and says what a non-XML-RPC body is', () => {
    assert.throws(() => decodeMethodResponse('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><methodResponse/>'), isMalformed(/refused a <!DOCTYPE>/));
    assert.throws(() => decodeMethodResponse('<!DOCTYPE html><html><head><title>Hello</title></head></html>'), isMalformed(/HTML page.*"Hello"/));
    assert.throws(() => decodeMethodResponse(''), isMalformed(/empty/));
    assert.throws(() => decodeMethodResponse('{"jsonrpc":"2.0"}'), isMalformed(/JSON, not XML/));
    assert.throws(() => decodeMethodResponse('Ewrong tagz'), isMalformed(/not XML \(starts with "Ewrong tagz"\)/));
    assert.throws(() => decodeMethodResponse(response('<value><int>x</int></value>')), isMalformed(/<int> holds "x"/));
    assert.throws(() => decodeMethodResponse(response('<value><foo>1</foo></value>')), isMalformed(/unknown value type <foo>/));
    assert.throws(() => decodeMethodResponse('<methodResponse><params><param><value><string>x</param></params></methodResponse>'), isMalformed(/not well-formed/));
  });
});

describe('XML-RPC decoding: the fast path defers everything unusual to fast-xml-parser', () => {
  const cases: [string, TypedValue][] = [
    ['<value><!-- a comment --><string>x</string></value>', 'x'],
    ['<value><string><![CDATA[raw]]></string></value>', 'raw'],
    ['<value><string lang="en">x</string></value>', 'x'],
    ['<value><ex:nil/></value>', null],
    ['<value><boolean> 1 </boolean></value>', true],
    ['<value><double>inf</double></value>', { $double: 'Infinity' }],
    ['<value><string>a &nbsp; b</string></value>', 'a &nbsp; b'],
    ['<value>  <struct><member><value><int>1</int></value><name>swapped</name></member></struct>  </value>', { swapped: 1 }],
    ['<value><array><data/></array></value>', []],
    ['<value><string>a\r\nb\rc&#13;</string></value>', 'a\nb\nc\r'],
    ['<value> a\r\n</value>', ' a\n'],
    ['<value><array><data>\n<value><i4>1</i4></value>\n<value/>\n</data></array></value>', [1, '']],
  ];
  for (const [valueXml, expected] of cases) {
    it(`reads ${valueXml.slice(0, 60)}`, () => {
      const text = response(valueXml);
      assert.deepEqual(decodeMethodResponse(text), expected);
      assert.deepEqual(decodeMethodResponse(Buffer.from(text, 'utf8')), expected); // the latin1-view scan of bytes
      assert.deepEqual(decodeWithParser(text), expected);
    });
  }

  it('both paths agree on a large generated response', () => {
    const rows: TypedValue[] = [];
    for (let i = 0; i < 2000; i++) {
      rows.push({ id: i, big: { $i8: String(2n ** 60n + BigInt(i)) }, score: i / 4, name: `row ${i} &amp; <tag> café`, ok: i % 2 === 0, when: { $datetime: '20261123T10:00:00' }, blob: { $base64: 'aGk=' }, nums: [i, { $double: i }, null] });
    }
    const text = encodeMethodResponse(rows);
    assert.notEqual(decodeCanonicalResponse(text), FALLBACK);
    const bytes = Buffer.from(text, 'utf8');
    assert.notEqual(decodeCanonicalResponse(bytes.toString('latin1'), bytes), FALLBACK);
    assert.deepEqual(decodeMethodResponse(text), rows);
    assert.deepEqual(decodeMethodResponse(bytes), rows);
    assert.deepEqual(decodeWithParser(text), rows);
  });

  it('scans bytes through their latin1 view: non-ASCII text decoded as UTF-8, a UTF-8 BOM skipped', () => {
    const text = response('<value><struct><member><name>café 测试</name><value><string>😀 &amp; é</string></value></member></struct></value>');
    const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
    assert.notEqual(decodeCanonicalResponse(bytes.toString('latin1'), bytes), FALLBACK);
    assert.deepEqual(decodeMethodResponse(bytes), { 'café 测试': '😀 & é' });
  });

  it('both paths agree with the encoder on 300 random values', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
    const texts = ['', ' ', 'plain', ' a  b ', 'é&<>"\'', '\n\tx\n', '测试😀', '&amp;', ']]>', 'a\r\nb'];
    const make = (depth: number): TypedValue => {
      switch (Math.floor(random() * (depth > 3 ? 8 : 10))) {
        case 0: return Math.floor(random() * 2 ** 32) - 2 ** 31;
        case 1: return pick<TypedValue>([1.5, -0.1, 1e-7, 123456.789, { $double: 0 }, { $double: -3 }]);
        case 2: return pick([true, false, null]);
        case 3: return pick(texts);
        case 4: return pick<TypedValue>([{ $base64: '' }, { $base64: 'aGk=' }, { $datetime: '20261123T10:00:00' }, { $i8: '-9223372036854775808' }]);
        case 5: return 2 ** 40 + Math.floor(random() * 1000);
        case 6: return pick(texts) + String(Math.floor(random() * 100));
        case 7: return { [pick(texts)]: pick(texts) };
        case 8: return Array.from({ length: Math.floor(random() * 4) }, () => make(depth + 1));
        default: {
          const struct: Record<string, TypedValue> = {};
          for (let i = Math.floor(random() * 4); i > 0; i--) struct[pick(texts) + i] = make(depth + 1);
          return struct;
        }
      }
    };
    for (let i = 0; i < 300; i++) {
      const value = make(0);
      const text = encodeMethodResponse(value);
      // What an XML parser reads back: raw CRs we send as &#13;, so they survive.
      assert.deepEqual(decodeMethodResponse(text), value, text);
      assert.deepEqual(decodeMethodResponse(Buffer.from(text, 'utf8')), value, text);
      assert.deepEqual(decodeWithParser(text), value, text);
    }
  });

  it('the fast path reads numbers and entities exactly as the parser path does (digits scanned, no Number() for most)', () => {
    const values = [
      '<int>0</int>', '<int>-0</int>', '<int>+5</int>', '<i4>007</i4>', '<int>-2147483648</int>', '<i8>999999999999999</i8>',
      '<i8>9007199254740993</i8>', '<i8>-9223372036854775808</i8>', '<int> 5 </int>',
      '<double>0.1</double>', '<double>-0.0</double>', '<double>1.</double>', '<double>+2.5</double>', '<double>885440.98828125</double>',
      '<double>123456789012345.6</double>', '<double>0.30000000000000004</double>', '<double>1e300</double>', '<double>-.5</double>',
      '<double>00.5</double>', '<double>1.7976931348623157e308</double>', '<double>nan</double>',
      '<string>&amp;amp; &lt;&gt;&quot;&apos; &#233;&#x1F600;&#0;&#xD800;&#99999999999;</string>', '<string>a &#x41;&#65;b</string>',
      '<string>é &amp; ü 日本語 long enough to be a slice</string>', '<boolean>1</boolean>', '<boolean>0</boolean>',
    ];
    for (const valueXml of values) {
      const text = response(`<value>${valueXml}</value>`);
      const bytes = Buffer.from(text, 'utf8');
      const expected = decodeWithParser(text);
      assert.deepEqual(decodeMethodResponse(text), expected, valueXml);
      assert.deepEqual(decodeMethodResponse(bytes), expected, valueXml);
      if (Object.is(expected, -0)) assert.ok(Object.is(decodeMethodResponse(bytes), -0), valueXml);
    }
    // A stray or unknown `&` defers to the parser path, which keeps it as written.
    for (const raw of ['a & b', '&amp', '&#;', '&#x;', '&#X41;', '&ampx;', '&nbsp;', '&#xZZ;']) {
      const text = response(`<value><string>${raw}</string></value>`);
      assert.equal(decodeCanonicalResponse(text), FALLBACK, raw);
    }
  });

  it('a broken canonical-looking response still fails with the parser\'s message', () => {
    const broken = response('<value><string>x</value>');
    assert.equal(decodeCanonicalResponse(broken), FALLBACK);
    assert.throws(() => decodeMethodResponse(broken), isMalformed(/not well-formed XML \(<\/value> closes <string>\)/));
  });
});

describe('XML-RPC encoding, read by Python xmlrpc.client.loads', () => {
  it('sends every typed JSON value as the matching XML-RPC type', () => {
    const args: TypedValue[] = [
      42,
      -2147483648,
      2147483648,
      9007199254740991,
      { $i8: '9223372036854775807' },
      1.5,
      { $double: 2 },
      { $double: 'NaN' },
      true,
      false,
      'a & b < c > d\r\n',
      'café 测试 😀',
      '',
      null,
      { $base64: 'AAFiaW5hcnn/' },
      { $datetime: '20261123T10:00:00' },
      [1, ['x']],
      { 'key & <>': { inner: [] }, other: {} },
    ];
    const [method, described] = pythonLoads(encodeMethodCall('ns.method & co', args));
    assert.equal(method, 'ns.method & co');
    assert.deepEqual(described, [
      ['int', '42'],
      ['int', '-2147483648'],
      ['int', '2147483648'],
      ['int', '9007199254740991'],
      ['int', '9223372036854775807'],
      ['float', '1.5'],
      ['float', '2.0'],
      ['float', 'nan'],
      ['bool', true],
      ['bool', false],
      ['str', 'a & b < c > d\r\n'],
      ['str', 'café 测试 😀'],
      ['str', ''],
      ['none', null],
      ['bytes', 'AAFiaW5hcnn/'],
      ['datetime', '20261123T10:00:00'],
      ['list', [['int', '1'], ['list', [['str', 'x']]]]],
      ['dict', { 'key & <>': ['dict', { inner: ['list', []] }], other: ['dict', {}] }],
    ]);
  });

  it('round-trips through our own response encoder', () => {
    const value: TypedValue = { a: [1, { $double: 3 }, 'x&y', null, { $base64: 'aGk=' }], b: { $i8: '-9223372036854775808' } };
    assert.deepEqual(decodeMethodResponse(encodeMethodResponse(value)), value);
  });

  it('refuses characters XML cannot carry, with a hint', () => {
    assert.throws(() => encodeMethodCall('m', ['bell\x07']), (e: unknown) => e instanceof RpcError && e.kind === 'usage' && /\$base64/.test(e.message));
  });
});
