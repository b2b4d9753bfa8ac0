// The extension in Simplified Chinese, for real: `node test/runCodeServer.mjs --locale zh-cn` starts code-server with
// the display language zh-cn (a stub language pack makes VS Code switch), so the host loads package.nls.zh-cn.json and
// l10n/bundle.l10n.zh-cn.json. Every other run (English) skips this suite; the zh-cn run selects only it.
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import type { RpcExplorerApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/explorer/methodTree';
import { freePort } from '../support/ports';
import { startXmlRpcServer, type RunningServer } from '../support/servers';
import { EXTENSION_ID, poll } from './helpers';
import { testHandle, type TestHandle } from './support/handle';

const zhCnRun = process.env.RPC_EXPLORER_TEST_LOCALE === 'zh-cn';

(zhCnRun ? suite : suite.skip)('Display language zh-cn', function () {
  this.timeout(60_000);
  let api: RpcExplorerApi;
  let rpc: TestHandle;
  const servers: RunningServer[] = [];

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is installed`);
    api = await ext.activate();
    rpc = testHandle(api);
  });

  suiteTeardown(async () => {
    await Promise.all(servers.map((s) => s.stop()));
  });

  const childrenOf = async (node?: ExplorerNode) => (await rpc.tree.getChildren(node)) ?? [];
  const endpointNode = async (url: string) =>
    poll(async () => (await childrenOf()).find((n) => n.kind === 'endpoint' && n.url === url), `the endpoint node of ${url}`);

  test('the host runs in zh-cn and the extension loaded its zh-cn bundle', () => {
    assert.equal(vscode.env.language, 'zh-cn');
    assert.ok(vscode.l10n.bundle, 'vscode.l10n.bundle is loaded');
    assert.equal(vscode.l10n.bundle['Call Method'], '调用方法');
    assert.equal(vscode.l10n.t('Add Endpoint'), '添加端点');
    assert.equal(vscode.l10n.t('Call {0} on {1}', 'sayHi', 'http://127.0.0.1:8889'), '在 http://127.0.0.1:8889 上调用 sayHi');
  });

  test('the contributions read as package.nls.zh-cn.json says: view, commands, settings', () => {
    // The manifest the host scanned, with its %key% references replaced for the display language.
    const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as {
      contributes: {
        views: Record<string, { id: string; name: string }[]>;
        // Localized titles come as { value, original } (the palette also finds a command by its English title).
        commands: { command: string; title: string | { value: string; original: string }; category: string | { value: string } }[];
        configuration: { properties: Record<string, { markdownDescription?: string }> };
      };
    };
    assert.equal(manifest.contributes.views.rpcExplorer.find((v) => v.id === 'rpcExplorer.methods')?.name, '方法');
    const text = (value: string | { value: string } | undefined) => (typeof value === 'string' ? value : value?.value);
    const command = (id: string) => manifest.contributes.commands.find((c) => c.command === id);
    assert.deepEqual(command('rpcExplorer.addEndpoint')?.title, { value: '添加端点', original: 'Add Endpoint' });
    assert.equal(text(command('rpcExplorer.startServer')?.title), '从当前文件启动服务器');
    assert.equal(text(command('rpcExplorer.callMethod')?.category), 'RPC Explorer');
    assert.match(manifest.contributes.configuration.properties['rpcExplorer.requestTimeoutMs'].markdownDescription ?? '', /单个请求/);
  });

  test('an endpoint nobody listens on: the tree and the call say so in Chinese', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const endpoint = await api.addEndpoint(url, { protocol: 'xmlrpc' });
    assert.equal(endpoint.state.status, 'error');
    const node = await endpointNode(url);
    const rows = (await childrenOf(node)).map((n) => (n.kind === 'message' ? n.text : ''));
    assert.ok(
      rows.some((text) => text.startsWith(`无法连接 ${url}（`) && text.endsWith('服务器是否在运行？）。请检查 URL 后重试。')),
      rows.join(' | '),
    );
    const error = await vscode.commands.executeCommand('rpcExplorer.callMethod', url, 'sayHi', ['phyger'], { showPanel: false }).then(
      () => assert.fail('the call to a closed port succeeded'),
      (e: Error) => e,
    );
    assert.equal(error.message.startsWith(`无法连接 ${url}（`), true, error.message);
    assert.equal(error.message.endsWith('服务器是否在运行？）。请检查 URL 后重试。'), true, error.message);
  });

  test('a fault: the result panel is "RPC 结果" and the tree counts methods in Chinese', async () => {
    const server = await startXmlRpcServer({ introspection: true });
    servers.push(server);
    await api.addEndpoint(server.url, { protocol: 'xmlrpc' });
    const groups = await Promise.all(
      (await childrenOf(await endpointNode(server.url))).filter((n) => n.kind === 'group').map((n) => rpc.tree.getTreeItem(n).description),
    );
    assert.ok(groups.length > 0 && groups.every((d) => typeof d === 'string' && /^\d+ 个方法$/.test(d)), groups.join(', '));
    await vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'fail', [4711, 'disk on fire']).then(
      () => assert.fail('the fault call succeeded'),
      () => undefined,
    );
    const view = rpc.resultPanel.current!;
    assert.equal(view.status, 'fault');
    assert.equal(await rpc.resultPanel.whenShown(view.callId, 30_000), true, 'the panel shows the fault');
    const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((t) => t.label);
    assert.ok(tabs.includes('RPC 结果'), tabs.join(', '));
  });
});
