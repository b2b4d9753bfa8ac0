#!/usr/bin/env node
// The workbench in Simplified Chinese, as a user sees it: code-server with the display language zh-cn (see
// startCodeServer's `locale`), this checkout as the development extension, a real XML-RPC test server. Checks the
// Chinese texts on screen and saves test-results/screenshots/zh-cn-*.png for review in context.
//   node test/ui/zhCnScreenshots.mjs        (build first: npm run build && npx tsc -p . --outDir out)
// Not a *.ui.mjs file: test/ui/run.mjs runs those in English.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import {
  repoRoot,
  screenshotsDir,
  startCodeServer,
  launchBrowser,
  makeTestWorkspace,
  remoteUri,
  workbenchUrl,
  runCleanups,
  onCleanup,
  poll,
} from '../harness/codeServer.mjs';

const require = createRequire(import.meta.url);
const { startXmlRpcServer } = require(join(repoRoot, 'out', 'test', 'support', 'servers.js'));
const { freePort } = require(join(repoRoot, 'out', 'test', 'support', 'ports.js'));

async function main() {
  const xmlrpc = await startXmlRpcServer({ introspection: true });
  onCleanup(() => xmlrpc.stop());
  const closedUrl = `http://127.0.0.1:${await freePort()}`;
  const workspaceDir = makeTestWorkspace();
  const server = await startCodeServer({ folder: workspaceDir, env: { RPC_EXPLORER_TEST_WORKSPACE: workspaceDir }, locale: 'zh-cn' });
  const browser = await launchBrowser();
  const context = await browser.newContext({ viewport: { width: 1400, height: 860 } });
  const page = await context.newPage();
  await page.goto(workbenchUrl(server.baseUrl, workspaceDir, [['extensionDevelopmentPath', remoteUri(server.port, repoRoot)]]), { timeout: 120_000 });
  await page.locator('.monaco-workbench .activitybar').waitFor({ state: 'visible', timeout: 120_000 });

  const sidebar = page.locator('#workbench\\.parts\\.sidebar');
  const quickInput = page.locator('.quick-input-widget');
  const input = quickInput.locator('input.input');
  const shots = [];
  mkdirSync(screenshotsDir, { recursive: true });
  const screenshot = async (name) => {
    await page.waitForTimeout(400); // fades and hovers settle
    const file = join(screenshotsDir, `zh-cn-${name}.png`);
    await page.screenshot({ path: file });
    shots.push(file);
  };
  const waitForText = async (locator, text, timeoutMs = 20_000) => {
    let last = '';
    await poll(
      async () => {
        last = (await locator.allInnerTexts().catch(() => [])).join('\n');
        return text instanceof RegExp ? text.test(last) : last.includes(text);
      },
      { timeoutMs, what: `${text}` },
    ).catch(() => {
      throw new Error(`did not see ${text}; saw: ${last.slice(0, 400)}`);
    });
  };
  const palette = async (typed, expected) => {
    await page.keyboard.press('Escape');
    await page.keyboard.press('F1');
    await quickInput.waitFor({ state: 'visible', timeout: 10_000 });
    await input.fill(`>${typed}`);
    const row = quickInput.locator('.monaco-list-row').first();
    await poll(async () => ((await row.getAttribute('aria-label').catch(() => '')) ?? '').includes(expected), { timeoutMs: 10_000, what: `${expected} in the palette` });
  };

  // The view container and the Methods view's welcome text.
  const container = page.locator('.activitybar .action-item').filter({ has: page.locator('[aria-label^="RPC Explorer"]') });
  await container.first().click();
  await waitForText(sidebar, '方法');
  await waitForText(sidebar, '浏览 XML-RPC、JSON-RPC 和 hprose 服务器');
  await waitForText(sidebar, '从当前文件启动服务器');
  await screenshot('explorer-welcome');

  // The command palette: the extension's commands under their Chinese titles.
  await palette('RPC Explorer: 添加', 'RPC Explorer: 添加端点');
  await waitForText(quickInput, 'RPC Explorer: Add Endpoint'); // the English title stays searchable
  await screenshot('palette');
  await input.press('Enter');
  await waitForText(quickInput, '添加 RPC 端点 (1/2): URL');
  await input.fill(xmlrpc.url);
  await screenshot('add-endpoint-url');
  await input.press('Enter');
  await waitForText(quickInput, '自动检测');
  await waitForText(quickInput, '依次尝试');
  await screenshot('add-endpoint-protocol');
  await input.press('Enter');
  await waitForText(sidebar, 'system');
  await waitForText(sidebar, 'sayHi');

  // A call that ends in a fault: the RPC Result panel's labels.
  await palette('RPC Explorer: 调用方法', 'RPC Explorer: 调用方法');
  await input.press('Enter');
  await waitForText(quickInput, /在 .* 上调用方法/);
  await poll(async () => /从 \d+ 个方法中选择，或输入方法名/.test((await input.getAttribute('placeholder').catch(() => '')) ?? ''), { timeoutMs: 10_000, what: 'the method pick placeholder' });
  await input.fill('fail');
  await poll(async () => ((await quickInput.locator('.monaco-list-row').first().getAttribute('aria-label').catch(() => '')) ?? '').startsWith('fail'), { timeoutMs: 10_000, what: 'fail in the pick' });
  await input.press('Enter');
  await waitForText(quickInput, /在 .* 上调用 fail/);
  await input.fill('4711, "磁盘着火了"');
  await screenshot('call-arguments');
  await input.press('Enter');
  const result = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  await waitForText(result.locator('body'), '故障码 4711', 30_000);
  const panelText = (await result.locator('body').allInnerTexts()).join('\n');
  for (const label of ['端点', '协议', '参数', '故障', '复制结果', '以 JSON 打开', '复制为…', '编辑并调用'] /* a fault offers Edit and Call */) assert.ok(panelText.includes(label), `${label} in the panel: ${panelText}`);
  assert.match(panelText, /故障，用时 [\d.]+ (ms|s)/);
  await screenshot('result-fault');

  // The call form of sayHi (double-click in the tree): its labels in Chinese.
  await sidebar.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: /^sayHi$/ }) }).first().dblclick();
  const form = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  await form.locator('body[data-ready="true"]').waitFor({ timeout: 20_000 });
  const formText = (await form.locator('body').allInnerTexts()).join('\n');
  for (const label of ['端点', '类型', '表单', 'Raw', '发送', '恢复默认值']) assert.ok(formText.includes(label), `${label} in the call form: ${formText}`);
  await screenshot('call-form');

  // An endpoint nobody listens on: the tree's error rows and the warning.
  await palette('RPC Explorer: 添加端点', 'RPC Explorer: 添加端点');
  await input.press('Enter');
  await waitForText(quickInput, '添加 RPC 端点 (1/2): URL');
  await input.fill(closedUrl);
  await input.press('Enter');
  await waitForText(quickInput, '自动检测');
  await input.press('Enter');
  await waitForText(sidebar, '无法连接');
  // The warning: a toast, or in the notification center when toasts are held back.
  if (!(await page.locator('.notification-toast', { hasText: '无法连接' }).isVisible().catch(() => false))) {
    await palette('Notifications: Show Notifications', 'Show Notifications');
    await input.press('Enter');
  }
  const warning = page.locator('.notification-list-item', { hasText: '无法连接' }).last();
  await warning.waitFor({ state: 'visible', timeout: 15_000 });
  await waitForText(warning, /重试[\s\S]*显示日志/);
  await screenshot('explorer-error');

  // The settings page of the extension.
  await page.keyboard.press('Escape');
  await palette('Preferences: Open Settings (UI)', 'Open Settings (UI)');
  await input.press('Enter');
  const settings = page.locator('.settings-editor');
  await settings.waitFor({ state: 'visible', timeout: 20_000 });
  await page.keyboard.type('rpcExplorer');
  await waitForText(settings, '在服务器文件注册的每个函数上方显示');
  await screenshot('settings');

  await context.close();
  console.log(`zh-cn screenshots:\n${shots.map((f) => `  ${f}`).join('\n')}`);
}

let exitCode = 1;
try {
  await main();
  exitCode = 0;
} catch (error) {
  console.error(`zh-cn UI check failed: ${error?.message ?? error}`);
} finally {
  await runCleanups();
}
process.exit(exitCode);
