// Restricted mode, for real: `node test/runCodeServer.mjs --untrusted` starts code-server with Workspace Trust on and
// a fresh profile, so the test workspace has no trust decision and opens untrusted. The extension declares
// untrustedWorkspaces "limited": it must activate, explore and call remote servers, and refuse everything that runs
// the workspace's code (starting a server, offering server tasks, a workspace-chosen Python interpreter).
// Every other run (trust disabled) skips this suite; the untrusted run selects only it (RPC_EXPLORER_TEST_GREP).
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RpcExplorerApi } from '../../src/extension';
import type { StartServerResult } from '../../src/tasks/localServers';
import { startExampleXmlRpcServer, type RunningServer } from '../support/servers';
import { freePort } from '../support/ports';
import { EXTENSION_ID, poll } from './helpers';
import { testHandle, type TestHandle } from './support/handle';

const untrustedRun = process.env.RPC_EXPLORER_TEST_UNTRUSTED === '1';

/** Whether something accepts connections on 127.0.0.1:port right now. */
function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.setTimeout(2000);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

(untrustedRun ? suite : suite.skip)('Untrusted workspace (restricted mode)', function () {
  this.timeout(60_000);
  const workspace = process.env.RPC_EXPLORER_TEST_WORKSPACE ?? '';
  const settingsFile = path.join(workspace, '.vscode', 'settings.json');
  let api: RpcExplorerApi;
  let rpc: TestHandle;
  let server: RunningServer | undefined;

  suiteSetup(async () => {
    assert.ok(workspace, 'RPC_EXPLORER_TEST_WORKSPACE is set by the runner');
    const ext = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not loaded in this extension host`);
    api = await ext.activate();
    rpc = testHandle(api);
  });

  suiteTeardown(async () => {
    for (const endpoint of [...(rpc?.registry.list() ?? [])]) await rpc.registry.remove(endpoint.config.url);
    await server?.stop();
    fs.rmSync(path.join(workspace, '.vscode'), { recursive: true, force: true });
  });

  test('the workspace is untrusted and the extension still activates (untrustedWorkspaces: limited)', () => {
    assert.equal(vscode.workspace.isTrusted, false, 'the runner opens the workspace in restricted mode');
    const ext = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID)!;
    assert.equal(ext.isActive, true);
    assert.equal(ext.packageJSON.capabilities?.untrustedWorkspaces?.supported, 'limited');
    assert.equal(typeof api?.addEndpoint, 'function', 'activate() returns the API in restricted mode too');
  });

  test('Start Server refuses: a message about trust, no process on the port, no endpoint, no task', async () => {
    const port = await freePort();
    const before = rpc.registry.list().length;
    const file = path.join(workspace, 'examples', 'python-xmlrpc', 'server.py');
    const result = await vscode.commands.executeCommand<StartServerResult>('rpcExplorer.startServer', vscode.Uri.file(file), {
      env: { PORT: String(port) },
    });
    assert.ok(result, 'startServer resolves with a result');
    assert.match(result.error ?? '', /trust/i, JSON.stringify(result));
    assert.equal(result.url, undefined);
    assert.equal(result.pid, undefined, 'no process was started');
    assert.equal(await listening(port), false, `nothing listens on 127.0.0.1:${port}`);
    assert.equal(rpc.registry.list().length, before, 'no endpoint added');
    assert.equal(rpc.registry.get(`http://127.0.0.1:${port}`), undefined);
    assert.equal(rpc.servers.list().length, 0, 'no server task is tracked');
    assert.deepEqual(
      vscode.tasks.taskExecutions.filter((e) => e.task.definition.type === 'rpc-server'),
      [],
      'no rpc-server task runs',
    );
    // Not checked through vscode.tasks.fetchTasks: in restricted mode VS Code asks for trust first (a modal dialog,
    // refused under the smoke-test driver, and the call never settles).
  });

  test('exploring and calling a remote server works in restricted mode: sayHi("phyger") -> "Hi phyger!"', async () => {
    server = await startExampleXmlRpcServer();
    const endpoint = await vscode.commands.executeCommand<{ state: { status: string } }>('rpcExplorer.addEndpoint', server.url);
    assert.equal(endpoint?.state.status, 'ready', JSON.stringify(endpoint?.state));
    const node = rpc.tree.endpointNode(server.url);
    assert.ok(node, `no tree node for ${server.url}`);
    const labels = (await rpc.tree.getChildren(node)).map((child) => {
      const label = rpc.tree.getTreeItem(child).label;
      return typeof label === 'string' ? label : (label?.label ?? '');
    });
    assert.ok(labels.includes('sayHi'), labels.join(', '));
    assert.equal(await vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'sayHi', ['phyger']), 'Hi phyger!');
  });

  test('rpcExplorer.server.pythonPath from the workspace settings is ignored (restrictedConfigurations)', async () => {
    const workspaceUri = vscode.workspace.workspaceFolders?.[0]?.uri;
    assert.ok(workspaceUri, 'a folder is open');
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    // readyTimeoutSeconds is not restricted: seeing it applied proves VS Code read this file.
    fs.writeFileSync(
      settingsFile,
      JSON.stringify({ 'rpcExplorer.server.readyTimeoutSeconds': 7, 'rpcExplorer.server.pythonPath': '/workspace/chosen/python' }, null, 2),
    );
    const config = () => vscode.workspace.getConfiguration('rpcExplorer.server', workspaceUri);
    await poll(() => config().get<number>('readyTimeoutSeconds') === 7, 'the workspace settings file to be read');
    assert.equal(config().get<string>('pythonPath'), '', 'a restricted setting keeps its non-workspace value');
    assert.equal(config().inspect<string>('pythonPath')?.workspaceValue, undefined);
    assert.equal(config().inspect<string>('pythonPath')?.workspaceFolderValue, undefined);
  });
});
