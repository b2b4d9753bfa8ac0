/**
 * The Simplified Chinese of the core and the CLI (in l10n/bundle.l10n.zh-cn.json, shared with the extension): every `l10n.t` message of src/core,
 * src/cli, src/cli.ts, src/requestFiles and src/sourceModel has a translation with the same placeholders, each
 * placeholder is really filled in (l10n.t's `{…}` matching trips on JSON braces next to one), the terms follow the
 * glossary, and no message is built outside l10n.t.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import * as l10n from '@vscode/l10n';
import ts from 'typescript';
import { repoRoot } from '../support/servers';

const ROOT = repoRoot();
const SOURCES = ['src/core', 'src/cli', 'src/cli.ts', 'src/requestFiles', 'src/sourceModel'];
const BUNDLE = path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json');

function sourceFiles(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (fs.statSync(full).isFile()) return [full];
  return fs.readdirSync(full, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(entry, e.name)) : e.name.endsWith('.ts') ? [path.join(full, e.name)] : []));
}

interface Found {
  file: string;
  line: number;
  text: string;
}

function where(sf: ts.SourceFile, node: ts.Node): string {
  return `${path.relative(ROOT, sf.fileName)}:${sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1}`;
}

function literalText(node: ts.Node): string | undefined {
  return ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined;
}

/** The literal parts of a string or template: what a reader sees, without the interpolations. */
function literalParts(node: ts.Node): string | undefined {
  const text = literalText(node);
  if (text !== undefined) return text;
  if (ts.isTemplateExpression(node)) return [node.head.text, ...node.templateSpans.map((s) => s.literal.text)].join(' ');
  return undefined;
}

/** Calls whose argument at `index` is a message for people. */
const MESSAGE_SINKS: Record<string, number> = {
  RpcError: 1,
  ReferenceProblem: 0,
  MissingResult: 0,
  usage: 0,
  fail: -1, // the reason: the last string argument (reader.fail(kind, reason, …) or this.fail(what))
  error: 0,
  report: 1,
  problem: 0,
  note: 1,
  noteAt: 1,
};

/** English words in a literal: two words in a row (a message, not a token such as 'usage' or '$i8'). */
const WORDS = /[A-Za-z]{2,} [A-Za-z]{2,}/;

function scan(): { keys: Map<string, Found>; unlocalized: string[] } {
  const keys = new Map<string, Found>();
  const unlocalized: string[] = [];
  for (const file of SOURCES.flatMap(sourceFiles)) {
    const sf = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
    const constants = new Map<string, string>();
    const visitConstants = (node: ts.Node): void => {
      if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.initializer) {
        const text = literalText(node.initializer);
        if (text !== undefined) constants.set(node.name.text, text);
      }
      ts.forEachChild(node, visitConstants);
    };
    visitConstants(sf);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && node.expression.getText(sf) === 'l10n.t') {
        const first = node.arguments[0];
        const text = literalText(first) ?? (ts.isIdentifier(first) ? constants.get(first.text) : undefined);
        assert.ok(text !== undefined, `${where(sf, node)}: l10n.t needs a literal message (or a const holding one), got ${first.getText(sf)}`);
        if (!keys.has(text)) keys.set(text, { file: path.relative(ROOT, file), line: sf.getLineAndCharacterOfPosition(node.getStart(sf)).line + 1, text });
      }
      if (ts.isCallExpression(node) || ts.isNewExpression(node)) {
        const callee = node.expression;
        const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
        const index = MESSAGE_SINKS[name];
        const args = node.arguments ?? [];
        if (index !== undefined && args.length > 0) {
          const message = index === -1 ? [...args].reverse().find((a) => literalParts(a) !== undefined) : args[index];
          const parts = message && literalParts(message);
          if (parts !== undefined && WORDS.test(parts)) unlocalized.push(`${where(sf, message!)}: ${message!.getText(sf).slice(0, 100)}`);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  return { keys, unlocalized };
}

/** `{0}`, `{1}`… and the help's named fields (`{labels}`); JSON braces and `{{name}}` are neither. */
function placeholders(text: string): string[] {
  return [...text.matchAll(/(?<!\{)\{(\d+|[a-z][A-Za-z]*)\}(?!\})/g)].map((m) => m[1]).sort();
}

/** The bundle's translations of these folders' messages (the bundle also holds the extension's). */
function readTranslations(keys: ReadonlyMap<string, unknown>): Record<string, string> {
  const bundle = JSON.parse(fs.readFileSync(BUNDLE, 'utf8')) as Record<string, string>;
  return Object.fromEntries(Object.entries(bundle).filter(([text]) => keys.has(text)));
}

/** The glossary shared with the extension's own strings: the English term and the one Chinese word for it. */
const GLOSSARY: [RegExp, string][] = [
  [/\bendpoints?\b/i, '端点'],
  [/\bfaults?\b/i, '故障'],
  [/\btimeout\b/i, '超时'],
  [/\bcredentials?\b/i, '凭据'],
  [/\brequest files?\b/i, '请求文件'],
  [/\bheaders?\b/i, '请求头'],
  [/\bservers?\b/i, '服务器'],
  [/\bconnection\b/i, '连接'],
];

describe('Simplified Chinese of the core and the CLI', () => {
  const { keys, unlocalized } = scan();
  const translations = readTranslations(keys);

  it('finds the messages (the scan itself works)', () => {
    assert.ok(keys.size > 200, `only ${keys.size} l10n.t messages found`);
    assert.ok(keys.has('connection refused by {0}: is the server running?'));
  });

  it('builds no message outside l10n.t', () => {
    assert.deepEqual(unlocalized, []);
  });

  it('has a translation for every message', () => {
    const missing = [...keys.values()].filter((k) => typeof translations[k.text] !== 'string' || translations[k.text].trim() === '').map((k) => `${k.file}:${k.line}: ${k.text}`);
    assert.deepEqual(missing, [], `${missing.length} messages without a translation`);
  });

  it('keeps the placeholders of each message', () => {
    const wrong = [...keys.keys()].filter((text) => translations[text] !== undefined && placeholders(text).join() !== placeholders(translations[text]).join());
    assert.deepEqual(wrong.map((text) => `${text}  →  ${translations[text]}`), []);
  });

  it('fills in every numbered placeholder, in English and in Chinese', () => {
    const unfilled: string[] = [];
    try {
      for (const bundle of [{}, translations]) {
        l10n.config({ contents: bundle });
        for (const text of keys.keys()) {
          const numbered = placeholders(text).filter((p) => /^\d+$/.test(p));
          if (numbered.length === 0) continue;
          const count = Math.max(...numbered.map(Number)) + 1;
          const args = Array.from({ length: count }, (_, i) => `‹arg${i}›`);
          const shown = l10n.t(text, ...args);
          for (const p of numbered) if (!shown.includes(`‹arg${p}›`)) unfilled.push(`${text} → ${shown}`);
        }
      }
    } finally {
      l10n.config({ contents: {} });
    }
    assert.deepEqual([...new Set(unfilled)], []);
  });

  it('uses the glossary: one Chinese word for each term', () => {
    const off: string[] = [];
    for (const [text, chinese] of Object.entries(translations)) {
      for (const [term, word] of GLOSSARY) {
        // Names that stay as they are: {{$secret NAME}}, options, XML elements (<fault>), keywords (EXPECT FAULT).
        const prose = text.replace(/\{\{[^}]*\}\}|--[a-z-]+|Content-Encoding|rpcExplorer\.\w+|<[^>]*>|\bFAULT\b/g, '');
        if (term.test(prose) && !chinese.includes(word)) off.push(`${text} → ${chinese} (${word})`);
      }
      if (chinese.includes('终结点')) off.push(`${chinese}: 终结点 (the glossary's word is 端点)`);
    }
    assert.deepEqual(off, []);
  });
});

/** The messages and where each is first used (for writing the translations): `node out/test/unit/l10nCore.test.js --list`. */
if (process.argv.includes('--list')) {
  const { keys } = scan();
  process.stdout.write(JSON.stringify(Object.fromEntries([...keys.values()].map((k) => [k.text, `${k.file}:${k.line}`])), null, 2) + '\n');
}
