// Endpoints from the rpcExplorer.endpoints setting, in the real extension host against a real Python XML-RPC server:
// they appear and are discovered, bad entries warn and do not stop the good ones, clearing the setting removes
// them, and a URL the user added too shows once.
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import type { RpcExplorerApi } from '../../src/extension';
import type { ExplorerNode } from '../../src/explorer/methodTree';
import { startExampleXmlRpcServer, type RunningServer } from '../support/servers';
import { EXTENSION_ID, poll } from './helpers';
import { testHandle, type TestHandle } from './support/handle';

const SETTING = 'rpcExplorer.endpoints';

let api: RpcExplorerApi;
let rpc: TestHandle;
let server: RunningServer;

function labelOf(node: ExplorerNode): string {
  const label = rpc.tree.getTreeItem(node).label;
  return typeof label === 'string' ? label : (label?.label ?? '');
}

function tooltipOf(node: ExplorerNode): string {
  const tooltip = rpc.tree.getTreeItem(node).tooltip;
  return (typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '')).replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
}

/** The root rows of the tree whose endpoint is `url` (with or without a trailing slash). */
async function rootRowsFor(url: string): Promise<ExplorerNode[]> {
  const bare = url.replace(/\/$/, '');
  return (await rpc.tree.getChildren()).filter((node) => node.url.replace(/\/$/, '') === bare);
}

function setEndpoints(value: unknown): Thenable<void> {
  return vscode.workspace.getConfiguration().update(SETTING, value, vscode.ConfigurationTarget.Workspace);
}

suite('Endpoints from settings', function () {
  this.timeout(60_000);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} not found`);
    api = await ext.activate();
    rpc = testHandle(api);
    server = await startExampleXmlRpcServer();
  });

  suiteTeardown(async () => {
    await setEndpoints(undefined);
    for (const endpoint of rpc.registry.list()) if (endpoint.config.url.includes(`:${server.port}`)) await rpc.registry.remove(endpoint.config.url);
    await server?.stop();
  });

  test('a settings endpoint is listed and discovered; bad entries warn, one line each, and the good one still loads', async () => {
    await setEndpoints([{ url: server.url, name: 'Shared XML-RPC' }, 'ftp://127.0.0.1/not-http', { url: 'http://127.0.0.1:1', protocol: 'soap' }]);
    const [row] = await poll(async () => {
      const rows = await rootRowsFor(server.url);
      return rows.length ? rows : undefined;
    }, 'the settings endpoint in the tree');
    assert.equal(labelOf(row), 'Shared XML-RPC');
    await poll(() => rpc.registry.get(server.url)?.state.status === 'ready', 'discovery of the settings endpoint');
    const methods = (await rpc.tree.getChildren(row)).map(labelOf);
    assert.ok(methods.includes('sayHi'), `sayHi under the endpoint (have: ${methods.join(', ')})`);
    assert.match(tooltipOf(row), /from settings/);
    assert.ok(!rpc.registry.get('http://127.0.0.1:1'), 'an entry with a bad protocol is not listed');

    const problems = rpc.settingsEndpoints.problems;
    assert.equal(problems.length, 2, problems.join('\n'));
    assert.match(problems[0], /rpcExplorer\.endpoints\[1\] \(ftp:\/\/127\.0\.0\.1\/not-http\) is skipped: Use http:\/\/ or https:\/\//);
    assert.match(problems[1], /rpcExplorer\.endpoints\[2\] \(http:\/\/127\.0\.0\.1:1\) is skipped: protocol "soap" is not one of auto, hprose, xmlrpc, jsonrpc/);
    for (const problem of problems) assert.ok(!problem.includes('\n'), 'one line per problem');

    // Remove Endpoint on it does not hide it: the setting is where it lives (the message offers Open Settings).
    await vscode.commands.executeCommand('rpcExplorer.removeEndpoint', server.url);
    assert.equal((await rootRowsFor(server.url)).length, 1);

    // Not persisted with the user's endpoints: it comes back from the setting.
    assert.deepEqual(rpc.registry.origin(server.url), { fromSettings: true, userAdded: false }, 'only the user\'s own endpoints are stored');

    await setEndpoints(undefined);
    await poll(async () => (await rootRowsFor(server.url)).length === 0, 'the endpoint to leave the tree when the setting is cleared');
    assert.equal(rpc.registry.get(server.url), undefined);
    assert.deepEqual(rpc.settingsEndpoints.problems, []);
  });

  test('a URL both added by the user and in settings shows once, and stays when the setting drops it', async () => {
    await rpc.registry.add({ url: server.url, name: 'Mine', protocol: 'auto' });
    // The same endpoint spelled with a trailing slash.
    await setEndpoints([`${server.url}/`]);
    const row = await poll(() => (rpc.registry.origin(server.url)?.fromSettings ? rpc.tree.endpointNode(server.url) : undefined), 'the setting to be read');
    assert.equal((await rootRowsFor(server.url)).length, 1, 'one row for the URL');
    assert.equal(labelOf(row), 'Mine', "the user's name wins");
    assert.match(tooltipOf(row), /from settings \(rpcExplorer\.endpoints\), also added by you/);
    assert.equal(rpc.registry.get(server.url)?.state.status, 'ready');
    assert.ok(rpc.registry.list().filter((e) => e.config.url.includes(`:${server.port}`)).length === 1);

    await setEndpoints(undefined);
    await poll(() => rpc.registry.origin(server.url)?.fromSettings === false, 'the setting to be cleared');
    assert.equal((await rootRowsFor(server.url)).length, 1, 'the user-added endpoint stays');
    assert.doesNotMatch(tooltipOf(rpc.tree.endpointNode(server.url)!), /from settings/);

    await rpc.registry.remove(server.url);
    assert.equal((await rootRowsFor(server.url)).length, 0);
  });
});
