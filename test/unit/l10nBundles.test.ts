import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import ts from 'typescript';
import * as l10n from '@vscode/l10n';

const root = path.join(__dirname, '..', '..', '..');

/**
 * The sources whose `l10n.t` strings must have a zh-cn translation and whose messages must go through it, checked
 * here the extension's way; the core, the CLI, request files and the source model share the bundle and are checked
 * by l10nCore.test.ts (their help text is a constant key that `l10n-dev export` does not see).
 */
const LOCALIZED_SOURCES = [
  'src/api',
  'src/debug',
  'src/calls',
  'src/callForm',
  'src/endpoints',
  'src/explorer',
  'src/requestEditor',
  'src/callOptions',
  'src/sourceEditor',
  'src/tasks',
  'src/servers',
  'src/views',
  'src/serverChecks',
  'src/notifications',
  'src/extension.ts',
];

const readJson = (file: string): Record<string, string> => JSON.parse(readFileSync(path.join(root, file), 'utf8'));

function tsFiles(entry: string): string[] {
  const full = path.join(root, entry);
  if (!statSync(full).isDirectory()) return full.endsWith('.ts') ? [full] : [];
  return readdirSync(full).flatMap((name) => tsFiles(path.join(entry, name)));
}

const sourceFile = (file: string, text = readFileSync(file, 'utf8')) => ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);

/** `vscode.l10n.t(…)` or `l10n.t(…)` (from @vscode/l10n). */
function isL10nCall(node: ts.Node): node is ts.CallExpression {
  return (
    ts.isCallExpression(node) &&
    ts.isPropertyAccessExpression(node.expression) &&
    node.expression.name.text === 't' &&
    /(^|\.)l10n$/.test(node.expression.expression.getText())
  );
}

function visit(node: ts.Node, each: (node: ts.Node) => void): void {
  each(node);
  ts.forEachChild(node, (child) => visit(child, each));
}

/** Every key of `l10n.t` in a source; a key that is not a literal is a problem (the exporter cannot see it). */
function l10nKeys(file: ts.SourceFile): { keys: string[]; problems: string[] } {
  const keys: string[] = [];
  const problems: string[] = [];
  visit(file, (node) => {
    if (!isL10nCall(node)) return;
    const first = node.arguments[0];
    if (first && (ts.isStringLiteral(first) || ts.isNoSubstitutionTemplateLiteral(first))) keys.push(first.text);
    else problems.push(`${where(file, node)}: the key of ${node.getText().slice(0, 60)} is not a string literal`);
  });
  return { keys, problems };
}

function where(file: ts.SourceFile, node: ts.Node): string {
  return `${path.relative(root, file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;
}

/** Words of a string a user reads: letters, once codicons (`$(check)`) are taken out. */
function isProse(text: string): boolean {
  // Units (`12 ms`, `1.5 s`, `3 KB`) are written the same in every language the bundles cover.
  const words = text.replace(/\$\([\w~-]+\)/g, '').replace(/\b(ms|s|KB|MB|B)\b/g, '');
  // A URL, a header name or a `token:` prefix is an example, not a sentence.
  return /[A-Za-z]{2,}/.test(words) && (/\s/.test(words.trim()) || /^[A-Za-z]+$/.test(words.trim()));
}

/** The parts of an expression that end up in the message, when they are literal text not passed through l10n.t. */
function untranslated(expression: ts.Expression): ts.Node[] {
  if (ts.isParenthesizedExpression(expression)) return untranslated(expression.expression);
  if (ts.isConditionalExpression(expression)) return [...untranslated(expression.whenTrue), ...untranslated(expression.whenFalse)];
  if (ts.isBinaryExpression(expression)) return [...untranslated(expression.left), ...untranslated(expression.right)];
  if (ts.isStringLiteral(expression) || ts.isNoSubstitutionTemplateLiteral(expression)) return isProse(expression.text) ? [expression] : [];
  if (ts.isTemplateExpression(expression)) {
    const text = [expression.head.text, ...expression.templateSpans.map((span) => span.literal.text)].join(' ');
    return isProse(text) ? [expression] : [];
  }
  return [];
}

const MESSAGE_CALLS = /^(show(Information|Warning|Error)Message|setStatusBarMessage)$/;
const MESSAGE_PROPERTIES = new Set(['title', 'placeHolder', 'placeholder', 'prompt', 'tooltip', 'description', 'detail', 'label', 'message']);

/** Messages, quick picks and input boxes whose text is a plain literal instead of `l10n.t(…)`. */
function hardCodedMessages(file: ts.SourceFile): string[] {
  const found: string[] = [];
  const report = (node: ts.Node) => found.push(`${where(file, node)}: ${node.getText().slice(0, 80)}`);
  visit(file, (node) => {
    if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression) && MESSAGE_CALLS.test(node.expression.name.text)) {
      const args = node.expression.name.text === 'setStatusBarMessage' ? node.arguments.slice(0, 1) : node.arguments;
      for (const arg of args) untranslated(arg).forEach(report);
    } else if (ts.isPropertyAssignment(node) && ts.isIdentifier(node.name) && MESSAGE_PROPERTIES.has(node.name.text)) {
      untranslated(node.initializer).forEach(report);
    } else if (
      ts.isBinaryExpression(node) &&
      node.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      ts.isPropertyAccessExpression(node.left) &&
      MESSAGE_PROPERTIES.has(node.left.name.text)
    ) {
      untranslated(node.right).forEach(report);
    }
  });
  return found;
}

const placeholders = (text: string) => (text.match(/\{\d+\}/g) ?? []).sort();

const localizedFiles = () => LOCALIZED_SOURCES.flatMap(tsFiles).map((file) => sourceFile(file));

test('every l10n.t key of the localized sources is in bundle.l10n.json and has a zh-cn translation', () => {
  const english = readJson('l10n/bundle.l10n.json');
  const chinese = readJson('l10n/bundle.l10n.zh-cn.json');
  const problems: string[] = [];
  let count = 0;
  for (const file of localizedFiles()) {
    const { keys, problems: nonLiteral } = l10nKeys(file);
    problems.push(...nonLiteral);
    for (const key of keys) {
      count++;
      if (!(key in english)) problems.push(`${path.relative(root, file.fileName)}: ${JSON.stringify(key)} is not in l10n/bundle.l10n.json (run npx @vscode/l10n-dev export --outDir ./l10n ./src)`);
      if (typeof chinese[key] !== 'string' || chinese[key].trim() === '') problems.push(`${path.relative(root, file.fileName)}: ${JSON.stringify(key)} has no zh-cn translation`);
    }
  }
  assert.ok(count > 200, `only ${count} l10n.t calls found: is the walk looking at the sources?`);
  assert.deepEqual(problems, []);
});

test('every %key% of package.json is in package.nls.json and package.nls.zh-cn.json', () => {
  const manifest = readFileSync(path.join(root, 'package.json'), 'utf8');
  const english = readJson('package.nls.json');
  const chinese = readJson('package.nls.zh-cn.json');
  const keys = [...manifest.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 40, `only ${keys.length} %key% references in package.json`);
  const problems = keys.flatMap((key) => [
    ...(typeof english[key] === 'string' ? [] : [`${key} is not in package.nls.json`]),
    ...(typeof chinese[key] === 'string' && chinese[key].trim() !== '' ? [] : [`${key} is not in package.nls.zh-cn.json`]),
  ]);
  assert.deepEqual(problems, []);
  // The contributions a user reads are all references, none left in English in the manifest.
  const contributes = JSON.parse(manifest).contributes;
  const literal = (contributes.commands as { command: string; title: string; category?: string }[]).filter((c) => !/^%.+%$/.test(c.title) || (c.category && !/^%.+%$/.test(c.category)));
  assert.deepEqual(literal.map((c) => c.command), []);
});

test('each translation keeps the placeholders of its English text', () => {
  const problems: string[] = [];
  const compare = (name: string, chinese: Record<string, string>, englishOf: (key: string) => string | undefined) => {
    for (const [key, text] of Object.entries(chinese)) {
      const source = englishOf(key);
      if (source === undefined) problems.push(`${name}: ${JSON.stringify(key)} has no English text`);
      else if (placeholders(source).join() !== placeholders(text).join()) problems.push(`${name}: ${JSON.stringify(key)} → ${JSON.stringify(text)}`);
    }
  };
  const bundle = readJson('l10n/bundle.l10n.json');
  // Keys l10n-dev's export does not see (the CLI's help constant, the source model's translator) are their own English.
  const englishOf = (key: string) => (key in bundle ? bundle[key] : key);
  compare('bundle.l10n.zh-cn.json', readJson('l10n/bundle.l10n.zh-cn.json'), englishOf);
  const nls = readJson('package.nls.json');
  compare('package.nls.zh-cn.json', readJson('package.nls.zh-cn.json'), (key) => nls[key]);
  assert.deepEqual(problems, []);
});

/** One Chinese word per term, everywhere (shared with the core's glossary). */
const GLOSSARY: [RegExp, string][] = [
  [/\bendpoints?\b/i, '端点'],
  [/\bmethods?\b/i, '方法'],
  [/\bcall(s|ed)?\b/i, '调用'],
  [/\b(arguments?|parameters?)\b/i, '参数'],
  [/\bresults?\b/i, '结果'],
  [/\bfaults?\b/i, '故障'],
  [/\btasks?\b/i, '任务'],
  [/\brequest files?\b/i, '请求文件'],
  [/\bservers?\b/i, '服务器'],
  [/\bcall history\b/i, '调用历史'],
  [/\bheaders?\b/i, '请求头'],
  [/\bcredentials?\b/i, '凭据'],
  [/\btimeout\b/i, '超时'],
];

test('the zh-cn texts use the glossary: one Chinese word for each term', () => {
  const off: string[] = [];
  const check = (english: string, chinese: string) => {
    // Names that stay as they are: settings, code, task types, the CLI's subcommands, request-file keywords.
    const prose = english.replace(/`[^`]*`|\{\{[^}]*\}\}|rpcExplorer\.[\w.]+|rpc-server|rpc-explorer \w+|\bEXPECT\b/g, '');
    for (const [term, word] of GLOSSARY) if (term.test(prose) && !chinese.includes(word)) off.push(`${english} → ${chinese} (${word})`);
    if (chinese.includes('终结点')) off.push(`${chinese}: 终结点 (the glossary's word is 端点)`);
  };
  // The extension's strings; the core's (request-file keywords, CLI subcommands) have their own check in l10nCore.
  const chinese = readJson('l10n/bundle.l10n.zh-cn.json');
  const keys = new Set(localizedFiles().flatMap((file) => l10nKeys(file).keys));
  for (const english of keys) if (english in chinese) check(english, chinese[english]);
  const nls = readJson('package.nls.json');
  for (const [key, chinese] of Object.entries(readJson('package.nls.zh-cn.json'))) check(nls[key] ?? key, chinese);
  assert.deepEqual(off, []);
});

test('no message, quick pick or input box of the localized sources shows a literal English string', () => {
  const found = localizedFiles().flatMap(hardCodedMessages);
  assert.deepEqual(found, []);
});

test('the hard-coded message check finds what it is meant to find, and passes what goes through l10n.t', () => {
  const sample = sourceFile(
    path.join(root, 'src', 'sample.ts'),
    [
      "vscode.window.showInformationMessage('Removed the endpoint.');",
      'vscode.window.showWarningMessage(`${url}: cannot reach it`);',
      "vscode.window.showErrorMessage(problem, 'Open Settings');",
      "const box = { title: 'Add RPC Endpoint', placeHolder: 'http://127.0.0.1:8889', prompt: ok ? vscode.l10n.t('A') : 'The server URL' };",
      "quickPick.placeholder = 'Pick a method';",
      "item.tooltip = 'common';",
      'vscode.window.setStatusBarMessage(`$(check) Copied ${name}`, 2500);',
      "item.detail = flag ? 'endpoint' : `${elapsed} ms`;",
      // Translated or not prose: none of these is reported.
      "vscode.window.showInformationMessage(vscode.l10n.t('Removed {0}.', label), undo);",
      "const items = [{ label: `$(add) ${vscode.l10n.t('Add a header…')}`, description: l10n.t('common'), detail: `${a} · ${b}` }];",
      "const input = { placeHolder: 'X-Tenant', title: `${headerName}` };",
    ].join('\n'),
  );
  const found = hardCodedMessages(sample).map((line) => line.replace(/^src\/sample\.ts:/, ''));
  assert.deepEqual(found, [
    "1: 'Removed the endpoint.'",
    '2: `${url}: cannot reach it`',
    "3: 'Open Settings'",
    "4: 'Add RPC Endpoint'",
    "4: 'The server URL'",
    "5: 'Pick a method'",
    "6: 'common'",
    '7: `$(check) Copied ${name}`',
    "8: 'endpoint'",
  ]);
});

test('modules without vscode translate through @vscode/l10n once it has the zh-cn bundle', async () => {
  const { endpointUrlProblem } = await import('../../src/endpoints/endpointUrl');
  const { classifyExit } = await import('../../src/tasks/exitClassifier');
  assert.equal(endpointUrlProblem('ftp://example.com'), 'Use http:// or https:// (not ftp://)');
  l10n.config({ contents: readJson('l10n/bundle.l10n.zh-cn.json') });
  assert.equal(endpointUrlProblem('ftp://example.com'), '请使用 http:// 或 https://（而不是 ftp://）');
  const exit = classifyExit({ fileName: 's.py', code: 1, signal: null, stopping: false, readiness: 'starting', problem: 'OSError: in use (s.py:3)' });
  assert.equal(exit.failure, 's.py 在就绪前退出（退出码 1）: OSError: in use (s.py:3)');
});
