/**
 * The one-pass typed JSON template reader (src/requestFiles/jsonTemplateReader.ts) held to the scanning path it
 * stands in for: on tricky templates both give the same template (source, references, items, values, validity) and
 * the same problems, and the one-pass reader gives up on what only the scanning path reads right.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readTypedJson } from '../../src/core/typedJson';
import { Parser } from '../../src/requestFiles/callParser';
import { readJsonTemplate, scanThenRead } from '../../src/requestFiles/jsonTemplate';
import { readTemplateInOnePass } from '../../src/requestFiles/jsonTemplateReader';
import { isVariableName } from '../../src/requestFiles/references';
import { ScratchList } from '../../src/requestFiles/scratchList';
import type { Diagnostic, JsonTemplate } from '../../src/requestFiles/types';

/** A parsed file holding `body` on its own line below a CALL line (the parser's line tables filled), and where it is. */
function fileWith(body: string): { parser: Parser; offset: number; end: number } {
  const before = '@x = 1\n### t\nCALL http://h m\n';
  const parser = new Parser(`${before}${body}\nEXPECT 1\n`);
  parser.parse();
  return { parser, offset: before.length, end: before.length + body.length };
}

/** What a template and its problems say, getters read (tokens compute their text and range when asked). */
function described(read: { template: JsonTemplate; problems: Diagnostic[] }): unknown {
  const { template } = read;
  return {
    token: [template.token.offset, template.token.end],
    source: template.source,
    references: template.references.map((r) => ({ at: [r.offset, r.end], kind: r.kind, name: r.name, path: r.path.map((s) => ('key' in s ? s.key : s.index)), inString: r.inString, nameToken: [r.nameToken.offset, r.nameToken.end] })),
    items: template.items.map((t) => t.text),
    valid: template.valid,
    values: template.values,
    problems: read.problems.map((p) => ({ message: p.message, offset: p.offset, end: p.end, range: p.range, severity: p.severity })),
  };
}

/** Read in one pass (the common templates). */
const ONE_PASS: Array<[string, 'list' | 'value']> = [
  ['1, 2', 'list'],
  ['{{who}}, 7, {"n": 7.5, "list": [1, 2, "three"]}', 'list'],
  ['{{ who }}', 'list'],
  ['[{{a}}, {{b.c[0]["k"]}}], {"a": {{b}}}', 'list'],
  ['{{$env HOME}}, {{$secret KEY}}', 'list'],
  ['{"$double": {{x}}}', 'list'],
  ['1.50, 1.0, 2e3, -0, 9007199254740993, -9223372036854775808', 'list'],
  ['"é ü 😀", "\\u00e9\\n\\"", "\\ud800"', 'list'],
  ['{"$i8": "12"}, {"$class": "U", "a": 1}, {"__proto__": 1}', 'list'],
  ['{"$i4": 5}', 'list'], // read, then refused as a value typed JSON cannot send
  ['[{"$base64": "QQ=="}], {"a": [{"$datetime": "x"}]}', 'list'], // a tag deep inside: checked, the second refused
  ['{{x}}, {"$class": "U", "$i8": "1"}', 'list'],
  ['1,\r\n  2', 'list'],
  ['  \t1  ', 'list'],
  ['', 'list'],
  ['"Hi phyger!"', 'value'],
  ['{{x}}', 'value'],
  ['[1,\n{{x}}]', 'value'],
];

/** Given up: the scanning path reads these (a {{ in a string, a blanked line, or a problem to report). */
const SCANNED: Array<[string, 'list' | 'value']> = [
  ['"x{{who}}y"', 'list'],
  ['{"{{a}}": 1, "{{b}}": 2}', 'list'],
  ['{"$i8": "{{n}}"}', 'list'],
  ['"\\{{a}}"', 'list'],
  ['1,\n# a comment\n2', 'list'],
  ['{{a}},\n// c\n{{b}}', 'list'],
  ['12{{a}}', 'list'],
  ['{{a}}x', 'list'],
  ['{{}}', 'list'],
  ['{{$foo X}}', 'list'],
  ['{{a[x]}}', 'list'],
  ['{{a', 'list'],
  ['{{{a}}}', 'list'],
  ['"abc', 'list'],
  ['"a\n"', 'list'],
  ['[1, 2', 'list'],
  ['1,', 'list'],
  ['1 2', 'list'],
  ['9223372036854775808', 'list'],
  ['1e400', 'list'],
  ['{"a": 1, "a": 2}', 'list'],
  ['Authorization: x', 'list'],
  ['1, 2', 'value'],
  ['', 'value'],
];

describe('request files: the one-pass template reader', () => {
  for (const [body, shape] of ONE_PASS) {
    it(`reads ${JSON.stringify(body)} (${shape}) in one pass as the scanning path does`, () => {
      const { parser, offset, end } = fileWith(body);
      const onePass = readTemplateInOnePass(parser, offset, end, shape);
      assert.ok(onePass, 'read in one pass');
      // Its lists are scratch, taken by whoever reads them (else the next read adds to them).
      const items = onePass.items.take([]);
      onePass.values.take([]);
      const references = onePass.references.take([]);
      const scanned = scanThenRead(parser, offset, end, shape).template;
      assert.deepEqual(items, scanned.items.flatMap((t) => [t.offset, t.end]));
      assert.deepEqual(references.map((r) => [r.offset, r.end]), scanned.references.map((r) => [r.offset, r.end]));
      assert.deepEqual(described(readJsonTemplate(parser, offset, end, shape)), described(scanThenRead(parser, offset, end, shape)));
    });
  }

  for (const [body, shape] of SCANNED) {
    it(`leaves ${JSON.stringify(body)} (${shape}) to the scanning path, with its problems`, () => {
      const { parser, offset, end } = fileWith(body);
      assert.equal(readTemplateInOnePass(parser, offset, end, shape), undefined);
      assert.deepEqual(described(readJsonTemplate(parser, offset, end, shape)), described(scanThenRead(parser, offset, end, shape)));
    });
  }

  it('keeps the typed values and the item bounds', () => {
    const body = '{{who}}, 1.50, {"n": 12345678901234567890123}';
    const { parser, offset, end } = fileWith('1.50, 2e3, 9007199254740993, [1, "two"]');
    const read = readJsonTemplate(parser, offset, end, 'list');
    assert.deepEqual(read.template.values, [1.5, { $double: 2000 }, { $i8: '9007199254740993' }, [1, 'two']]);
    assert.deepEqual(read.template.items.map((t) => t.text), ['1.50', '2e3', '9007199254740993', '[1, "two"]']);
    const other = fileWith(body);
    const refused = readJsonTemplate(other.parser, other.offset, other.end, 'list');
    assert.equal(refused.template.valid, false);
    assert.equal(refused.problems.length, 1);
  });

  it('leaves plain typed JSON reading {{ as an object without a key', () => {
    const read = readTypedJson('{{a}}');
    assert.equal(read.ok, false);
    assert.match(!read.ok ? read.problem.reason : '', /expected a key in double quotes/);
  });
});

describe('request files: the scratch list', () => {
  it('hands out its items at their exact size and starts again empty', () => {
    const list = new ScratchList<number>();
    const none: number[] = [];
    assert.equal(list.take(none), none);
    list.push(1);
    list.push(2);
    list.push(3);
    assert.equal(list.length, 3);
    assert.equal(list.at(1), 2);
    const taken = list.take(none);
    assert.deepEqual(taken, [1, 2, 3]);
    assert.equal(list.length, 0);
    list.push(4);
    assert.deepEqual(list.take(none), [4]);
    assert.deepEqual(taken, [1, 2, 3], 'a taken list is the caller\'s own');
  });

  it('lets go of its items when cleared', () => {
    const list = new ScratchList<object>();
    list.push({});
    list.clear();
    assert.equal(list.length, 0);
    assert.equal(list.at(0), undefined);
  });
});

describe('request files: a variable name read in place', () => {
  it('takes a letter or _, then letters, digits, _ and -, and nothing else', () => {
    for (const name of ['a', '_', 'hello', 'a-b_1', '_x9', 'Z']) assert.equal(isVariableName(`(${name})`, 1, name.length + 1), true, name);
    for (const name of ['', '1a', '-x', 'a b', 'é', 'aé', 'a.b', 'a$']) assert.equal(isVariableName(`(${name})`, 1, name.length + 1), false, name);
  });
});
