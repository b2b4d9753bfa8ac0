/**
 * The typed JSON reader (src/core/typedJson.ts) through the functions every input uses: parseArgumentList (argument
 * box, call history, settings), parseCliArgument (CLI) and parseTypedJson (one value, for request files).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcError } from '../../src/core/errors';
import { toJsonText } from '../../src/core/jsonrpc/values';
import { serializeValue } from '../../src/core/hprose/writer';
import { MAX_TYPED_JSON_DEPTH, readTypedJson } from '../../src/core/typedJson';
import type { TypedValue } from '../../src/core/types';
import { encodeMethodCall } from '../../src/core/xmlrpc/encode';
import { parseArgumentList, parseCliArgument, parseTypedJson } from '../../src/core/values';

function args(text: string): TypedValue[] {
  const parsed = parseArgumentList(text);
  if (!parsed.ok) assert.fail(`expected ${JSON.stringify(text)} to parse, got: ${parsed.error}`);
  return parsed.args;
}

function refused(text: string): string {
  const parsed = parseArgumentList(text);
  assert.equal(parsed.ok, false, `expected ${JSON.stringify(text).slice(0, 80)} to be refused`);
  const error = (parsed as { ok: false; error: string }).error;
  assert.doesNotMatch(error, /\n/, 'one line');
  assert.ok(error.length < 300, `short: ${error}`);
  return error;
}

describe('numbers keep the type their text says', () => {
  it('integer literals: a number while safe, {"$i8"} beyond 2^53 with every digit', () => {
    assert.deepEqual(args('42, -7, 0, 2147483647, -2147483648, 2147483648, 9007199254740991, -9007199254740991'), [
      42, -7, 0, 2147483647, -2147483648, 2147483648, 9007199254740991, -9007199254740991,
    ]);
    assert.deepEqual(args('9007199254740992, 9007199254740993, -9007199254740993'), [
      { $i8: '9007199254740992' },
      { $i8: '9007199254740993' },
      { $i8: '-9007199254740993' },
    ]);
    assert.deepEqual(args('9223372036854775807, -9223372036854775808'), [{ $i8: '9223372036854775807' }, { $i8: '-9223372036854775808' }]);
  });

  it('-0 as an integer is 0 (not a negative zero)', () => {
    const [zero] = args('-0');
    assert.ok(Object.is(zero, 0));
  });

  it('beyond the signed 64-bit range: a clear one-line error naming the argument', () => {
    assert.equal(
      refused('18446744073709551616'),
      'argument 1: 18446744073709551616 is beyond the signed 64-bit integer range; send it as a string ("18446744073709551616") or as a double ({"$double": 18446744073709551616})',
    );
    assert.match(refused('1, 9223372036854775808'), /^argument 2: 9223372036854775808 is beyond the signed 64-bit integer range/);
    assert.match(refused('-9223372036854775809'), /^argument 1: -9223372036854775809 is beyond/);
    // Inside an argument the position is given too.
    assert.match(refused('"a",\n  {"ids": [1, 99999999999999999999]}'), /^argument 2 at line 2, column 15: 99999999999999999999 is beyond/);
    // A huge literal: refused quickly, the message stays short.
    assert.match(refused('9'.repeat(100_000)), /^argument 1: 9{37}… is beyond the signed 64-bit integer range; send it as a string or as \{"\$double": …\}$/);
  });

  it('a literal with "." or an exponent is a double: {"$double"} when integral, so it is not sent as an int', () => {
    assert.deepEqual(args('1.0, 2e3, 2E+3, 1.5, -0.25, 1e-3, 0.1, 123.456e1'), [{ $double: 1 }, { $double: 2000 }, { $double: 2000 }, 1.5, -0.25, 0.001, 0.1, 1234.56]);
    const [negativeZero] = args('-0.0') as [{ $double: number }];
    assert.ok(Object.is(negativeZero.$double, -0), 'a negative zero double keeps its sign');
    // eslint-disable-next-line no-loss-of-precision -- the double nearest to the typed text is what the parser must give
    assert.deepEqual(args('1e300, 12345678901234567890.0'), [{ $double: 1e300 }, { $double: 12345678901234567890 }]);
  });

  it('doubles are exactly what Number() reads from the same text (fast path and slow path)', () => {
    for (const text of ['0.1', '0.3', '-1.7976931348623157e308', '5e-324', '2.2250738585072014e-308', '123456789012345.6', '1234567890123456.7', '9.999999999999999e22', '1e23', '0.000001', '4.35', '1.0000000000000002']) {
      const read = readTypedJson(text);
      assert.ok(read.ok, text);
      const value = read.value;
      const n = typeof value === 'number' ? value : (value as { $double: number }).$double;
      assert.ok(Object.is(n, Number(text)), `${text}: ${n} vs ${Number(text)}`);
    }
  });

  it('a double that overflows is an error; one that underflows is a zero double', () => {
    assert.equal(refused('1e999'), 'argument 1: 1e999 is beyond the range of a double; to send infinity write {"$double": "Infinity"}');
    assert.match(refused('[-1.5e400]'), /^argument 1 at line 1, column 2: -1\.5e400 is beyond the range of a double; to send infinity write \{"\$double": "-Infinity"\}$/);
    assert.deepEqual(args('1e-400'), [{ $double: 0 }]);
  });

  it('inside {"$double": …} any number is that double, inside {"$i8": …} that integer', () => {
    assert.deepEqual(args('{"$double": 1.0}, {"$double": 3}, {"$double": 18446744073709551616}'), [{ $double: 1 }, { $double: 3 }, { $double: 18446744073709551616 }]);
    assert.deepEqual(args('{"$i8": 9007199254740993}, {"$i8": 5}'), [{ $i8: '9007199254740993' }, { $i8: 5 }]);
    assert.match(refused('{"$i8": 99999999999999999999}'), /does not fit in 64 bits/);
    assert.match(refused('{"$i8": 1.5}'), /\$i8 needs a string of digits/);
  });

  it('JSON number syntax is strict, with a reason for each mistake', () => {
    assert.match(refused('007'), /^not valid JSON at line 1, column 1 \(near "007"\): a number cannot have leading zeros/);
    assert.match(refused('1.'), /column 3 .*a digit must follow the decimal point/);
    assert.match(refused('.5'), /column 1 .*expected a value/);
    assert.match(refused('1e'), /column 3 .*a digit must follow the exponent/);
    assert.match(refused('-'), /column 2 .*'-' must be followed by a digit/);
    assert.match(refused('+1'), /column 1 .*expected a value/);
    assert.match(refused('NaN'), /NaN is not JSON: write \{"\$double": "NaN"\}/);
    assert.match(refused('-Infinity'), /-Infinity is not JSON: write \{"\$double": "-Infinity"\}/);
    assert.match(refused('0x10'), /column 2 .*unexpected 'x' after argument 1/);
  });
});

describe('the codecs send what the reader produces', () => {
  const [big, one, twoThousand, fortyTwo, negativeZero] = args('9007199254740993, 1.0, 2e3, 42, -0.0');

  it('XML-RPC: <i8> with every digit, <double> for 1.0 and 2e3, <int> for 42, -0 keeps its sign', () => {
    const xml = encodeMethodCall('m', [big, one, twoThousand, fortyTwo, negativeZero]);
    assert.match(
      xml,
      /<param><value><i8>9007199254740993<\/i8><\/value><\/param><param><value><double>1<\/double><\/value><\/param><param><value><double>2000<\/double><\/value><\/param><param><value><int>42<\/int><\/value><\/param><param><value><double>-0<\/double><\/value><\/param>/,
    );
  });

  it('hprose: l…; for the long, d…; for the doubles, the digit for 42', () => {
    assert.equal(serializeValue(big).toString('latin1'), 'l9007199254740993;');
    assert.equal(serializeValue(one).toString('latin1'), 'd1;');
    assert.equal(serializeValue(twoThousand).toString('latin1'), 'd2000;');
    assert.equal(serializeValue(fortyTwo).toString('latin1'), 'i42;');
    assert.equal(serializeValue(negativeZero).toString('latin1'), 'd-0;');
  });

  it('JSON-RPC text: the bare 64-bit integer and the doubles with a fraction', () => {
    assert.equal(toJsonText([big, one, twoThousand, fortyTwo, negativeZero, 1.5]), '[9007199254740993,1.0,2000.0,42,-0.0,1.5]');
    assert.equal(toJsonText({ $i8: '123456789012345678901' }), '"123456789012345678901"', 'beyond 64 bits: the digits as a string');
    assert.equal(toJsonText({ $i8: '+0042' }), '42');
    assert.equal(toJsonText({ s: 'x"\u2028', d: { $datetime: '20261123T10:00:00' }, b: { $base64: 'aGk=' }, n: null, t: [true, false] }), JSON.stringify({ s: 'x"\u2028', d: '20261123T10:00:00', b: 'aGk=', n: null, t: [true, false] }));
    assert.throws(() => toJsonText({ $double: 'NaN' }), /JSON has no NaN/);
  });
});

describe('strings, structure and errors', () => {
  it('strings: every escape, unicode, surrogate pairs (escaped or not), lone surrogates as JSON.parse keeps them', () => {
    const text = String.raw`"q\" b\\ s\/ \b\f\n\r\t", "\u00e9\u4e2d", "\ud83d\ude00", "😀 é 中", "\ud800", ""`;
    assert.deepEqual(args(text), JSON.parse(`[${text}]`));
    assert.deepEqual(args('"\\uD83D\\uDE00"'), ['😀']);
  });

  it('string errors: position of the problem', () => {
    assert.match(refused('"unterminated'), /^not valid JSON at line 1, column 1 \(near ""untermina"\): the string that starts here is not closed with "$/);
    assert.match(refused('"a\nb"'), /^not valid JSON at line 1, column 3 .*a control character \(U\+000A\) inside a string must be written as an escape \(\\n\)$/);
    assert.match(refused('"\\x"'), /column 2 .*unknown escape \\x/);
    assert.match(refused('"\\u12G4"'), /column 2 .*\\u must be followed by four hex digits/);
    assert.match(refused('"ab\\'), /column 4 .*the text ends inside an escape/);
    assert.match(refused("'single'"), /strings need double quotes/);
    assert.match(refused('phyger'), /unexpected word phyger: strings need double quotes \("phyger"\)/);
  });

  it('whitespace: JSON\'s four kinds anywhere between tokens; other characters are not whitespace', () => {
    assert.deepEqual(args(' \t\r\n[ 1 ,\n\t{ "a" :\r\n 2 } ]\n, "x"  \n'), [[1, { a: 2 }], 'x']);
    assert.deepEqual(args(' \n\t '), []);
    assert.match(refused('\u00a01'), /column 1 .*unexpected character U\+00A0: expected a value/);
    assert.match(refused('\ufeff"a"'), /column 1 .*unexpected character U\+FEFF/);
  });

  it('nesting, empty containers, true/false/null', () => {
    assert.deepEqual(args('{"a": [[], {}, [{"b": [true, false, null]}]], "": ""}'), [{ a: [[], {}, [{ b: [true, false, null] }]], '': '' }]);
    assert.match(refused('tru'), /unexpected word tru/);
    assert.match(refused('True'), /True is not JSON: write true, false or null in lower case/);
  });

  it('trailing commas are refused, at the comma', () => {
    assert.match(refused('1,'), /^not valid JSON at line 1, column 2 .*a trailing comma is not JSON: remove the last ','$/);
    assert.match(refused('[1, 2, ]'), /column 6 .*a trailing comma is not JSON: remove the ',' before '\]'$/);
    assert.match(refused('{"a": 1,\n}'), /line 1, column 8 .*a trailing comma is not JSON: remove the ',' before '\}'$/);
    assert.match(refused('1,, 2'), /column 3 .*unexpected ',': a value is missing before it/);
  });

  it('structure errors say what was expected', () => {
    assert.match(refused('[1 2]'), /column 4 .*unexpected '2' in an array: expected ',' or '\]'/);
    assert.match(refused('{"a" 1}'), /column 6 .*expected ':' after the key "a"/);
    assert.match(refused('{a: 1}'), /column 2 .*a key needs double quotes: "a"/);
    assert.match(refused('{"a": 1 "b": 2}'), /column 9 .*expected ',' or '\}' after the value of "a"/);
    assert.match(refused('[1, 2'), /column 1 .*the array that starts here is not closed with '\]'/);
    assert.match(refused('{"a": 1'), /column 1 .*the object that starts here is not closed with '\}'/);
    assert.match(refused('"a" "b"'), /column 5 .*unexpected '"' after argument 1: separate arguments with ','/);
    assert.match(refused('1, ]'), /column 4 .*unexpected '\]': a value is missing before it/);
  });

  it('duplicate keys are refused (JSON.parse would silently keep the last one)', () => {
    assert.equal(refused('{"a": 1, "b": 2, "a": 3}'), 'argument 1 at line 1, column 18: the key "a" appears twice in one object');
    assert.deepEqual(args('{"a": {"a": 1}}, {"a": 2}'), [{ a: { a: 1 } }, { a: 2 }], 'the same key in different objects is fine');
  });

  it('"__proto__" is an own key, as JSON.parse makes it, and does not change the prototype', () => {
    const [value] = args('{"__proto__": {"x": 1}, "toString": 2}') as [Record<string, unknown>];
    assert.deepEqual(Object.keys(value), ['__proto__', 'toString']);
    assert.equal(Object.getPrototypeOf(value), Object.prototype);
    assert.equal((value as { x?: number }).x, undefined);
    assert.match(refused('{"toString": 1, "toString": 2}'), /the key "toString" appears twice/);
  });

  it('deep nesting is bounded: 100,000 "[" is a clear error, not a stack overflow', () => {
    assert.equal(refused('['.repeat(100_000)), `argument 1 at line 1, column ${MAX_TYPED_JSON_DEPTH + 1}: nested more than ${MAX_TYPED_JSON_DEPTH} levels deep`);
    assert.match(refused('{"a":'.repeat(100_000)), /nested more than 512 levels deep/);
    const deepest = '['.repeat(MAX_TYPED_JSON_DEPTH) + ']'.repeat(MAX_TYPED_JSON_DEPTH);
    assert.equal(args(deepest).length, 1);
  });

  it('line and column count from the start of the user text, in later lines too', () => {
    assert.match(refused('"a",\n  "b",\n  [1,\n   2 x]'), /^not valid JSON at line 4, column 6 \(near ".*2 x\]"\): unexpected 'x' in an array/);
  });

  it('agrees with JSON.parse on valid JSON without numbers that need a type', () => {
    const text = JSON.stringify({ users: [{ name: 'Ann "A"', tags: ['x', 'y'], age: 31, score: 0.5, ok: true, note: null }], t: '\u0001\u007f\u2028' });
    assert.deepEqual(args(text), [JSON.parse(text)]);
  });
});

describe('CLI arguments and single values', () => {
  it('CLI: typed numbers; text that is not JSON is a string; JSON that cannot be sent is a usage error', () => {
    assert.deepEqual(parseCliArgument('9007199254740993'), { $i8: '9007199254740993' });
    assert.deepEqual(parseCliArgument('1.0'), { $double: 1 });
    assert.equal(parseCliArgument('42'), 42);
    assert.equal(parseCliArgument('007'), '007');
    assert.equal(parseCliArgument('NaN'), 'NaN');
    assert.equal(parseCliArgument('1,2'), '1,2');
    assert.throws(
      () => parseCliArgument('18446744073709551616'),
      (e: unknown) => e instanceof RpcError && e.kind === 'usage' && e.message === 'argument "18446744073709551616": 18446744073709551616 is beyond the signed 64-bit integer range; send it as a string ("18446744073709551616") or as a double ({"$double": 18446744073709551616})',
    );
    assert.throws(() => parseCliArgument('[1, 1e999]'), (e: unknown) => e instanceof RpcError && e.kind === 'usage' && /^argument "\[1, 1e999\]" at line 1, column 5: 1e999 is beyond the range of a double/.test(e.message));
    assert.throws(() => parseCliArgument('{"a": 1, "a": 2}'), (e: unknown) => e instanceof RpcError && /appears twice/.test(e.message));
  });

  it('parseTypedJson: one value, or the reason with line and column relative to the text', () => {
    assert.deepEqual(parseTypedJson(' [1.0, 9007199254740993]\n'), { ok: true, value: [{ $double: 1 }, { $i8: '9007199254740993' }] });
    assert.deepEqual(parseTypedJson('{\n  "a": 1,\n  "a": 2\n}'), { ok: false, error: 'the key "a" appears twice in one object', line: 3, column: 3, offset: 14 });
    assert.deepEqual(parseTypedJson('{\n  "a": }'), { ok: false, error: "not valid JSON: unexpected '}': a value is missing before it", line: 2, column: 8, offset: 9 });
    assert.deepEqual(parseTypedJson('1 2'), { ok: false, error: "not valid JSON: unexpected '2' after the value", line: 1, column: 3, offset: 2 });
    assert.deepEqual(parseTypedJson(''), { ok: false, error: 'not valid JSON: the text ends where a value was expected', line: 1, column: 1, offset: 0 });
    assert.deepEqual(parseTypedJson('\n  {"$base64": "%"}'), { ok: false, error: '$base64 is not base64: "%"', line: 2, column: 3, offset: 3 });
  });
});

describe('the reader is linear', () => {
  /** Fastest of a few runs, in ms. */
  function fastest(run: () => void, times = 5): number {
    let best = Infinity;
    for (let i = 0; i < times; i++) {
      const started = performance.now();
      run();
      best = Math.min(best, performance.now() - started);
    }
    return best;
  }

  /**
   * Linear, not fast: the time for 4× the text stays within 12× the time for the text (quadratic work would be 16× and
   * more). Ratios of the same parser in one process, so a loaded machine slows both sides alike; a run under 200 ms
   * passes whatever the ratio (quadratic work on a megabyte takes minutes, and timer noise dominates below that).
   */
  function assertLinear(label: string, textOf: (scale: number) => string) {
    const small = textOf(1);
    const large = textOf(4);
    const once = (text: string) => () => {
      try {
        parseArgumentList(text);
      } catch {
        /* a refusal is an outcome too: its time counts */
      }
    };
    const one = fastest(once(small), 3);
    const four = fastest(once(large), 3);
    assert.ok(four < 200 || four < one * 12, `${label}: 4× the text took ${four.toFixed(1)} ms, 1× ${one.toFixed(1)} ms`);
  }

  it('a 1 MB argument list parses, and 4 MB takes about four times as long', () => {
    const item = '{"name": "user \\u00e9 \\"q\\" ok", "id": 123456, "big": 9007199254740993, "ratio": 0.125, "ok": true, "tags": ["a", "b", null], "when": {"$datetime": "20261123T10:00:00"}}';
    const count = Math.ceil(2 ** 20 / (item.length + 2));
    assert.equal(args(Array.from({ length: count }, () => item).join(', ')).length, count);
    assertLinear('1 MB of objects', (scale) => Array.from({ length: count * scale }, () => item).join(', '));
  });

  it('hostile shapes stay linear: long strings of escapes, long numbers, many small values', () => {
    const shapes: [string, (n: number) => string][] = [
      ['escapes', (n) => JSON.stringify('\\"'.repeat(n * 75_000))],
      ['a long number', (n) => '1'.repeat(n * 250_000) + '.5'],
      ['many small values', (n) => '0,'.repeat(n * 125_000) + '0'],
      ['leading spaces', (n) => ' '.repeat(n * 250_000) + '1'],
      ['an unclosed string', (n) => '"' + 'x'.repeat(n * 250_000)],
    ];
    for (const [label, textOf] of shapes) assertLinear(label, textOf);
  });
});
