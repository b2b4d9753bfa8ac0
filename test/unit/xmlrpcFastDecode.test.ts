/**
 * The fast XML-RPC decoder on bytes (the latin1 view the client scans): text decoded from the bytes in one UTF-8
 * decode, tags compared as 32-bit words, structs and arrays built apart. Every value must be the parser path's.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TypedValue } from '../../src/core/types';
import { decodeMethodResponse, decodeWithParser } from '../../src/core/xmlrpc';
import { FALLBACK, decodeCanonicalResponse } from '../../src/core/xmlrpc/fastDecode';

function response(valueXml: string): string {
  return `<?xml version="1.0"?>\n<methodResponse><params><param>${valueXml}</param></params></methodResponse>`;
}

/** The body inside a larger buffer, so its bytes do not start at offset 0 of their ArrayBuffer. */
function offsetBytes(bytes: Buffer): Buffer {
  const big = Buffer.alloc(bytes.length + 16, 0x20);
  bytes.copy(big, 7);
  return big.subarray(7, 7 + bytes.length);
}

/** Both paths read `bytes` alike, the fast one without deferring. */
function agree(bytes: Buffer, label: string): TypedValue {
  const expected = decodeWithParser(bytes);
  assert.notEqual(decodeCanonicalResponse(bytes.toString('latin1'), bytes), FALLBACK, label);
  assert.deepEqual(decodeMethodResponse(bytes), expected, label);
  assert.deepEqual(decodeMethodResponse(offsetBytes(bytes)), expected, label);
  return expected;
}

describe('XML-RPC fast decoding of bytes', () => {
  it('decodes entities, character references and CRs in non-ASCII text as the parser path does', () => {
    const texts = [
      'é &amp; ü &lt;tag&gt; &quot;q&quot; &apos;a&apos; 日本語',
      '&#233;&#x1F600;&#x41;&#65; é',
      'é &#0; &#xD800; &#99999999999; &#x110000; kept as written',
      'é\r\nb\rc&#13;d\r',
      '\r\n&amp;é',
      'a &#x7FF; &#x800; &#xFFFF; &#x10000; &#x10FFFF; ü',
      '&amp;amp;é',
    ];
    for (const text of texts) agree(Buffer.from(response(`<value><string>${text}</string></value>`), 'utf8'), text);
    assert.equal(agree(Buffer.from(response('<value><string>é &apos;&quot;</string></value>'), 'utf8'), 'apos'), 'é \'"');
  });

  it('reads invalid UTF-8 next to a reference as the parser path does', () => {
    const head = Buffer.from(response('<value><string>X</string></value>'), 'utf8');
    const at = head.indexOf('X');
    for (const bad of [[0xc3], [0xe2, 0x82], [0xf0, 0x9f], [0xff], [0x80]]) {
      for (const after of ['&amp;', '&#xA9;', '\r\n', 'b']) {
        const bytes = Buffer.concat([head.subarray(0, at), Buffer.from(bad), Buffer.from(after, 'latin1'), head.subarray(at + 1)]);
        agree(bytes, `${bad.join(',')} ${after}`);
      }
    }
  });

  it('defers a stray or unknown `&` in non-ASCII text to the parser path, which keeps it as written', () => {
    for (const raw of ['é & b', 'é &amp', 'é &#;', 'é &#x;', 'é &#X41;', 'é &ampx;', 'é &nbsp;', 'é &#xZZ;', 'é &;', 'é &quo;', 'é &apot;']) {
      const bytes = Buffer.from(response(`<value><string>${raw}</string></value>`), 'utf8');
      assert.equal(decodeCanonicalResponse(bytes.toString('latin1'), bytes), FALLBACK, raw);
      assert.deepEqual(decodeMethodResponse(bytes), decodeWithParser(bytes), raw);
    }
  });

  it('trims a dateTime as trim() does and decodes it', () => {
    for (const text of ['20261123T10:00:00', '\n 20261123T10:00:00 \t', ' a&amp;b ', '\v20261123T10:00:00\f', 'é 2026 ü', '']) {
      agree(Buffer.from(response(`<value><dateTime.iso8601>${text}</dateTime.iso8601></value>`), 'utf8'), text);
    }
    // Unicode whitespace (a no-break space) at an end is trimmed too, as trim() does.
    const nbsp = Buffer.from(response('<value><dateTime.iso8601>\u00a020261123T10:00:00\u00a0</dateTime.iso8601></value>'), 'utf8');
    assert.deepEqual(agree(nbsp, 'nbsp'), { $datetime: '20261123T10:00:00' });
  });

  it('takes the whitespace out of base64 as /\\s+/g does', () => {
    for (const text of ['aGk=', '\naGk=\n', ' aG\r\nk=\t', 'aG\vk\f=', '\n', '', 'aG\u00a0k=', 'aGVsbG8gd29ybGQgaGVsbG8gd29ybGQ=\n']) {
      agree(Buffer.from(response(`<value><base64>${text}</base64></value>`), 'utf8'), JSON.stringify(text));
    }
    const nbsp = Buffer.from(response('<value><base64>aG\u00a0k=</base64></value>'), 'utf8');
    assert.deepEqual(decodeMethodResponse(nbsp), { $base64: 'aGk=' });
  });

  it('reads doubles of more than 15 digits and integral doubles as Number() does', () => {
    for (const text of ['905036.2255859375', '-905036.2255859375', '+0.30000000000000004', '12345678901234567890', '1' + '0'.repeat(400), '927812.0', '-0.0', '885440.5', '512.000000000000000']) {
      const value = agree(Buffer.from(response(`<value><double>${text}</double></value>`), 'utf8'), text);
      assert.deepEqual(decodeMethodResponse(response(`<value><double>${text}</double></value>`)), value, text);
    }
    assert.ok(Object.is((decodeMethodResponse(Buffer.from(response('<value><double>-0.0</double></value>'))) as { $double: number }).$double, -0));
  });

  it('builds structs as plain objects and arrays of their exact length, nested and of varying shapes', () => {
    const member = (name: string, value: string) => `<member><name>${name}</name><value>${value}</value></member>`;
    const many = Array.from({ length: 12 }, (_, i) => member(`m${i}`, `<int>${i}</int>`)).join('\n');
    const xml = response(`<value><array><data>
<value><struct>${member('a', '<int>1</int>')}</struct></value>
<value><struct>${many}</struct></value>
<value><struct>${member('__proto__', '<string>p</string>')}${member('b', '<array><data><value><i4>1</i4></value><value><array><data/></array></value></data></array>')}</struct></value>
<value><array><data><value><struct/></value><value><array/></value><value>x</value></data></array></value>
</data></array></value>`);
    const value = agree(Buffer.from(xml, 'utf8'), 'structs') as TypedValue[];
    assert.equal(value.length, 4);
    for (const struct of value.slice(0, 3)) assert.equal(Object.getPrototypeOf(struct), Object.prototype);
    assert.deepEqual(Object.keys(value[1] as object), Array.from({ length: 12 }, (_, i) => `m${i}`));
    assert.equal(Object.getOwnPropertyDescriptor(value[2] as object, '__proto__')?.value, 'p');
    assert.deepEqual(value[3], [{}, [], 'x']);
  });

  it('defers (and fails as before) when a tag is cut off at the end of the body', () => {
    const full = response('<value><int>1</int></value>');
    for (const cut of [full.length - 1, full.length - 5, full.indexOf('</value>') + 3, full.indexOf('<int>') + 2]) {
      const bytes = Buffer.from(full.slice(0, cut), 'utf8');
      assert.equal(decodeCanonicalResponse(bytes.toString('latin1'), bytes), FALLBACK, String(cut));
      assert.throws(() => decodeMethodResponse(bytes));
    }
  });
});
