import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RpcError } from '../../src/core/errors';
import type { TypedValue } from '../../src/core/types';
import {
  classifyNumber,
  formatTypedValue,
  integerFromText,
  isInt32,
  parseArgumentList,
  parseCliArgument,
  taggedOf,
  validateTypedValue,
} from '../../src/core/values';

function parseError(text: string): string {
  const parsed = parseArgumentList(text);
  assert.equal(parsed.ok, false, `expected ${text} to be refused`);
  return (parsed as { ok: false; error: string }).error;
}

describe('typed JSON argument lists', () => {
  it('parses plain and tagged arguments', () => {
    const parsed = parseArgumentList('"phyger", 42, 1.5, null, [true], {"a": {"$base64": "aGk="}}, {"$i8": "1234567890123456789"}');
    assert.deepEqual(parsed, {
      ok: true,
      args: ['phyger', 42, 1.5, null, [true], { a: { $base64: 'aGk=' } }, { $i8: '1234567890123456789' }],
    });
    assert.deepEqual(parseArgumentList('   '), { ok: true, args: [] });
  });

  it('names the argument and the path of a bad tagged object, on one line', () => {
    assert.match(parseError('"x", {"$base64": "not base64!"}'), /^argument 2: \$base64 is not base64: "not base64!"$/);
    assert.match(parseError('{"$i8": "12a"}'), /^argument 1: \$i8 needs a string of digits, got "12a"$/);
    assert.match(parseError('{"$i8": "99999999999999999999"}'), /does not fit in 64 bits/);
    assert.match(parseError('[1, {"when": {"$datetime": "yesterday"}}]'), /^argument 1: \$datetime needs ISO 8601 text.* at \[1\]\.when$/);
    assert.match(parseError('{"$double": "1.5"}'), /\$double needs a number/);
    assert.match(parseError('{"$date": "2026"}'), /^argument 1: unknown tag \$date \(known: \$double, \$datetime, \$base64, \$i8\)$/);
    assert.match(parseError('{"$base64": "aGk=", "extra": 1}'), /exactly one key/);
    for (const text of ['{"$base64": "aGk"}', '"a", {"$i8": 1.5}']) assert.doesNotMatch(parseError(text), /\n/);
  });

  it('reports JSON syntax errors with line and column of the user text', () => {
    assert.match(parseError('"a", 4x'), /^not valid JSON at line 1, column 7/);
    assert.match(parseError('"a",\n {"b": }'), /^not valid JSON at line 2, column 8/);
    assert.match(parseError('"unterminated'), /^not valid JSON/);
  });

  it('accepts the values decoders emit', () => {
    const decoded: TypedValue[] = [{ $double: 2 }, { $double: 'NaN' }, { $double: '-Infinity' }, { $datetime: '20261123T10:00:00' }, { $datetime: '2026-11-23T10:00:00.123Z' }, { $base64: 'aGVs\nbG8=' }, { $i8: '-9223372036854775808' }];
    for (const value of decoded) {
      assert.equal(validateTypedValue(value), null, JSON.stringify(value));
    }
  });

  it('CLI arguments: JSON when it parses, else the text; bad tags are usage errors', () => {
    assert.equal(parseCliArgument('phyger'), 'phyger');
    assert.equal(parseCliArgument('"phyger"'), 'phyger');
    assert.equal(parseCliArgument('42'), 42);
    assert.deepEqual(parseCliArgument('{"$base64": "aGk="}'), { $base64: 'aGk=' });
    assert.throws(() => parseCliArgument('{"$base64": "%%%"}'), (e: unknown) => e instanceof RpcError && e.kind === 'usage' && /\$base64 is not base64/.test(e.message));
  });

  it('classifies numbers and reads integers from the wire', () => {
    assert.equal(classifyNumber(2147483647), 'int');
    assert.equal(classifyNumber(-2147483648), 'int');
    assert.equal(classifyNumber(2147483648), 'i8');
    assert.equal(classifyNumber(Number.MAX_SAFE_INTEGER), 'i8');
    assert.equal(classifyNumber(2 ** 60), 'double');
    assert.equal(classifyNumber(0.5), 'double');
    assert.equal(isInt32(1.5), false);
    assert.equal(integerFromText(' 42 '), 42);
    assert.equal(integerFromText('+7'), 7);
    assert.deepEqual(integerFromText('9223372036854775807'), { $i8: '9223372036854775807' });
    assert.equal(integerFromText('4.2'), undefined);
  });

  it('recognises tagged objects, and structs that only look alike', () => {
    assert.deepEqual(taggedOf({ $i8: '5' }), { tag: '$i8', value: '5' });
    assert.equal(taggedOf({ $i8: '5', other: 1 }), null);
    assert.equal(taggedOf({ name: 'x' }), null);
    assert.equal(formatTypedValue({ a: [1] }, 0), '{"a":[1]}');
  });
});

it('an hprose class object ({"$class": name, ...fields}) is a valid argument, and its fields are still checked', () => {
  assert.equal(validateTypedValue({ $class: 'User', name: 'Ann', age: 3 }), null);
  assert.match(validateTypedValue({ $class: 'User', when: { $datetime: 'yesterday' } }) ?? '', /\$datetime needs ISO 8601.*at \.when/);
  assert.match(validateTypedValue({ $class: 'User', $base64: 'aGk=' }) ?? '', /exactly one key/);
});
