/**
 * The `rpc-explorer` CLI in Simplified Chinese: the built bundle (dist/cli.js) run with the locale variables set,
 * against real Python servers. zh_CN prints the messages and the help in Chinese; C, en_US or nothing prints
 * today's English, byte for byte; data (results, --json output) is never translated; the origin document's
 * 'Python测试和开发' round-trips either way.
 *
 * The CLI reads l10n/bundle.l10n.zh-cn.json beside dist/, as packaged.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { execFile } from 'node:child_process';
import { HELP } from '../../src/cli/args';
import { PROTOCOL_CHOICES, PROTOCOLS, PROTOCOL_REGISTRY } from '../../src/core';
import { cliLanguage } from '../../src/cli/locale';
import { freePort } from '../support/ports';
import { CLI, ensureCliBundle, type CliRun } from '../support/cli';
import { repoRoot, startOriginXmlRpcServer, startXmlRpcServer, type RunningServer } from '../support/servers';

const ROOT = repoRoot();
const TEST_STRING = 'Python测试和开发';

// The CLI as packaged: dist/cli.js reads l10n/bundle.l10n.zh-cn.json beside dist/.
const cli = CLI;

/** Runs the CLI with exactly these locale variables (the others removed). */
function runWithLocale(args: string[], locale: { LANG?: string; LC_ALL?: string; LC_MESSAGES?: string }): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.LANG;
  delete env.LC_ALL;
  delete env.LC_MESSAGES;
  Object.assign(env, locale);
  return new Promise((resolve) => {
    execFile(process.execPath, [cli, ...args], { cwd: ROOT, env, timeout: 60_000, encoding: 'utf8' }, (error, stdout, stderr) =>
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

const CHINESE = { LANG: 'zh_CN.UTF-8' };
const ENGLISH_LOCALES = [{ LANG: 'C' }, { LANG: 'en_US.UTF-8' }, {}];

before(ensureCliBundle);

describe('the CLI display language (LC_ALL, then LC_MESSAGES, then LANG)', () => {
  it('zh_CN in any form means Simplified Chinese', () => {
    for (const value of ['zh_CN', 'zh_CN.UTF-8', 'zh_CN.utf8', 'zh_CN.GB18030', 'zh_CN@pinyin', 'zh-CN']) assert.equal(cliLanguage({ LANG: value }), 'zh-cn', value);
  });

  it('anything else, or nothing, means English', () => {
    for (const value of ['C', 'C.UTF-8', 'POSIX', 'en_US.UTF-8', 'zh_TW.UTF-8', 'zh_HK', 'zh', 'zh_CNX', '']) assert.equal(cliLanguage({ LANG: value }), 'en', value);
    assert.equal(cliLanguage({}), 'en');
  });

  it('the first variable set decides', () => {
    assert.equal(cliLanguage({ LC_ALL: 'C', LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'zh_CN.UTF-8' }), 'en');
    assert.equal(cliLanguage({ LC_ALL: 'zh_CN.UTF-8', LANG: 'C' }), 'zh-cn');
    assert.equal(cliLanguage({ LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' }), 'zh-cn');
    assert.equal(cliLanguage({ LC_ALL: '', LC_MESSAGES: 'C', LANG: 'zh_CN.UTF-8' }), 'en');
    assert.equal(cliLanguage({ LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8' }), 'zh-cn');
  });
});

describe('rpc-explorer in Simplified Chinese, against real servers', () => {
  let origin: RunningServer;
  let xmlrpc: RunningServer;
  before(async () => {
    [origin, xmlrpc] = await Promise.all([startOriginXmlRpcServer(), startXmlRpcServer()]);
  });
  after(() => {
    origin?.stop();
    xmlrpc?.stop();
  });

  it('says a refused connection in Chinese, and in today\'s English otherwise', async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/RPC2`;
    const zh = await runWithLocale(['call', url, 'sayHi', '"x"', '--protocol', 'xmlrpc'], CHINESE);
    assert.equal(zh.code, 2);
    assert.equal(zh.stdout, '');
    assert.equal(zh.stderr, `rpc-explorer: 127.0.0.1:${port} 拒绝了连接：服务器是否在运行？\n`);
    for (const locale of ENGLISH_LOCALES) {
      const en = await runWithLocale(['call', url, 'sayHi', '"x"', '--protocol', 'xmlrpc'], locale);
      assert.equal(en.code, 2, JSON.stringify(locale));
      assert.equal(en.stderr, `rpc-explorer: connection refused by 127.0.0.1:${port}: is the server running?\n`, JSON.stringify(locale));
    }
  });

  it('LC_ALL wins over LANG, and LC_MESSAGES over LANG', async () => {
    const port = await freePort();
    const args = ['call', `http://127.0.0.1:${port}/RPC2`, 'sayHi', '--protocol', 'xmlrpc'];
    assert.match((await runWithLocale(args, { LC_ALL: 'C', LANG: 'zh_CN.UTF-8' })).stderr, /connection refused by/);
    assert.match((await runWithLocale(args, { LC_ALL: 'zh_CN.UTF-8', LANG: 'C' })).stderr, /拒绝了连接/);
    assert.match((await runWithLocale(args, { LC_MESSAGES: 'zh_CN.UTF-8', LANG: 'en_US.UTF-8' })).stderr, /拒绝了连接/);
  });

  it('prints a fault in Chinese (the server\'s own message as it came), exit 1', async () => {
    const zh = await runWithLocale(['call', xmlrpc.url, 'fail', '7', `"${TEST_STRING}"`], CHINESE);
    assert.equal(zh.code, 1, zh.stderr);
    assert.equal(zh.stdout, '');
    assert.equal(zh.stderr, `故障 7：${TEST_STRING}\n`);
    const en = await runWithLocale(['call', xmlrpc.url, 'fail', '7', `"${TEST_STRING}"`], { LANG: 'C' });
    assert.equal(en.stderr, `fault 7: ${TEST_STRING}\n`);
  });

  it('round-trips \'Python测试和开发\' the same in both languages (data is never translated)', async () => {
    for (const locale of [CHINESE, ...ENGLISH_LOCALES]) {
      const run = await runWithLocale(['call', origin.url, 'sayHi', TEST_STRING], locale);
      assert.equal(run.code, 0, run.stderr);
      assert.equal(run.stdout, `"Hi ${TEST_STRING}!"\n`, JSON.stringify(locale));
      assert.equal(run.stderr, '');
      const echoed = await runWithLocale(['call', xmlrpc.url, 'echo', JSON.stringify({ text: TEST_STRING, list: [TEST_STRING] })], locale);
      assert.equal(echoed.code, 0, echoed.stderr);
      assert.deepEqual(JSON.parse(echoed.stdout), { text: TEST_STRING, list: [TEST_STRING] });
    }
  });

  it('--json output stays English whatever the locale (programs read it)', async () => {
    const run = await runWithLocale(['call', xmlrpc.url, 'fail', '7', '"boom"', '--json'], CHINESE);
    assert.equal(run.code, 1);
    assert.deepEqual(JSON.parse(run.stdout), { fault: { code: 7, message: 'boom' } });
    assert.equal(run.stderr, 'fault 7: boom\n');
  });

  it('--help is in Chinese (commands, options and examples unchanged), and today\'s English otherwise', async () => {
    const zh = await runWithLocale(['--help'], CHINESE);
    assert.equal(zh.code, 0);
    const labels = PROTOCOL_REGISTRY.map((d) => d.label);
    const chineseList = (words: readonly string[], last: string) => `${words.slice(0, -1).join('、')} ${last} ${words[words.length - 1]}`;
    assert.ok(zh.stdout.startsWith(`rpc-explorer — 列出并调用 ${chineseList(labels, '和')} 服务器的方法\n\n用法：\n`), zh.stdout.slice(0, 200));
    for (const text of ['命令：', '选项：', '类型化 JSON（参数和结果）：', '退出状态：', `--protocol ${PROTOCOL_CHOICES.join('|')}`, 'rpc-explorer call http://127.0.0.1:8889 sayHi phyger', '{"$base64": "aGk="}', chineseList(PROTOCOLS, '或')]) {
      assert.ok(zh.stdout.includes(text), `the Chinese help holds ${text}`);
    }
    for (const locale of ENGLISH_LOCALES) {
      const en = await runWithLocale(['--help'], locale);
      assert.equal(en.stdout, HELP.endsWith('\n') ? HELP : HELP + '\n', JSON.stringify(locale));
    }
  });

  it('usage errors are in Chinese, one line', async () => {
    const zh = await runWithLocale([], CHINESE);
    assert.equal(zh.code, 2);
    assert.equal(zh.stderr, 'rpc-explorer: 缺少命令：list、call 或 run（参见 rpc-explorer --help）\n');
    const bad = await runWithLocale(['call', origin.url, 'sayHi', '{"$i8": "x"}'], CHINESE);
    assert.equal(bad.code, 2);
    assert.equal(bad.stderr, 'rpc-explorer: 参数 "{\\"$i8\\": \\"x\\"}"：$i8 需要一个数字字符串，实际为 "x"\n');
  });

  it('run: call lines and the summary in Chinese', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-explorer-zh-run-'));
    try {
      const file = path.join(dir, 'hi.rpc');
      fs.writeFileSync(file, `@base = ${origin.url}\n### 问候\nCALL {{base}} sayHi\n"${TEST_STRING}"\nEXPECT "Hi ${TEST_STRING}!"\n\n### 不对\nCALL {{base}} sayHi\n"x"\nEXPECT "y"\n`);
      const run = await runWithLocale(['run', file], CHINESE);
      assert.equal(run.code, 1, run.stderr);
      const lines = run.stdout.split('\n');
      assert.match(lines[0], /^✓ 问候 {2}\(\d+ ms\)$/);
      assert.equal(lines[1], '✗ 不对: 应为 "y"，实际为 "Hi x!"');
      assert.match(lines[2], /^1 个成功, 1 个失败 {2}\(\d+ ms\)$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

