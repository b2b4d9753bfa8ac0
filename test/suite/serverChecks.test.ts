// Check Server and Load Test Method… in the real host: the report of a server with a known defect, and a load test
// whose calls the server counts, each in its own panel.
import * as assert from 'assert/strict';
import * as http from 'http';
import * as vscode from 'vscode';
import type { DoctorReport } from '../../src/core/doctor';
import type { LoadResult } from '../../src/core/load';
import type { RpcExplorerApi } from '../../src/extension';
import type { ExplorerNode, MethodNode } from '../../src/explorer/methodTree';
import { startNodeServer, type RunningServer } from '../support/servers';
import { EXTENSION_ID, poll } from './helpers';
import { testHandle, type TestHandle } from './support/handle';

function tabLabels(): string[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs.map((tab) => tab.label));
}

suite('Check Server and Load Test', function () {
  this.timeout(120_000);
  let api: RpcExplorerApi;
  let rpc: TestHandle;
  let defects: RunningServer;
  let load: RunningServer;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    rpc = testHandle(api);
    defects = await startNodeServer('test/fixtures/doctor-defects-server.js');
    load = await startNodeServer('test/fixtures/load-server.js');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await defects?.stop();
    await load?.stop();
  });

  test('Check Server on an endpoint node opens its report: the defect fails its rule, the others pass', async () => {
    const url = `${defects.url}/jsonrpc/jsonrpc.batch-empty`;
    await api.addEndpoint(url, { protocol: 'jsonrpc' });
    const node = rpc.tree.endpointNode(url);
    assert.ok(node);
    const report = await vscode.commands.executeCommand<DoctorReport | undefined>('rpcExplorer.checkServer', node);
    assert.ok(report, 'a report');
    assert.equal(report.protocol, 'jsonrpc');
    const broken = report.rules.filter((rule) => rule.status !== 'pass' && rule.status !== 'skip').map((rule) => `${rule.id}=${rule.status}`);
    assert.deepEqual(broken, ['jsonrpc.batch-empty=fail']);
    await poll(() => tabLabels().find((label) => label.startsWith('Check Server: ') && label.includes('jsonrpc.batch-empty')), 'the report panel');
  });

  test('Load Test Method… on a method node runs exactly the calls asked for and shows its panel', async () => {
    const url = `${load.url}/RPC2`;
    await api.addEndpoint(url, { protocol: 'xmlrpc' });
    await poll(() => rpc.registry.methodsOf(url).length > 0 || undefined, 'the methods of the load server');
    const endpoint = rpc.tree.endpointNode(url);
    assert.ok(endpoint);
    const nodes: ExplorerNode[] = (await rpc.tree.getChildren(endpoint)) ?? [];
    const echo = nodes.find((n): n is MethodNode => n.kind === 'method' && n.method.name === 'echo');
    assert.ok(echo, 'echo in the tree');
    const result = await vscode.commands.executeCommand<LoadResult | undefined>('rpcExplorer.loadTestMethod', echo, undefined, { calls: 60, concurrency: 3, args: ['x'] });
    assert.ok(result, 'a result');
    assert.deepEqual([result.calls, result.ok, result.faults, result.errors], [60, 60, 0, 0]);
    const counts = await new Promise<Record<string, number>>((resolve, reject) =>
      http.get(`${load.url}/counts`, (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        response.on('end', () => resolve(JSON.parse(text) as Record<string, number>));
      }).on('error', reject),
    );
    assert.equal(counts.echo, 60);
    await poll(() => tabLabels().find((label) => label === 'Load Test: echo'), 'the load test panel');
  });
});
