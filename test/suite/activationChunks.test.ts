// Load on first use (issue #17), in the real extension host: activation loads dist/extension.js alone, and each
// feature's chunk (dist/chunks/, see esbuild.js) loads the first time the feature is used — and works. This file sorts
// right after activation.test.ts, so the host is cold: no other suite has used a feature yet.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RpcExplorerApi } from '../../src/extension';
import type { StartServerResult } from '../../src/tasks';
import { freePort } from '../support/ports';
import type { ExplorerNode, MethodNode } from '../../src/explorer/methodTree';
import { repoRoot, startHproseServer, startJaysonServer, startJsonRpcExampleServer, startXmlRpcServer, type RunningServer } from '../support/servers';
import { EXTENSION_ID, isPortOpen, poll } from './helpers';
import { testHandle } from './support/handle';

const CHUNKS = [
  'methodDetails', 'httpTransport', 'xmlrpc', 'xmlParser', 'jsonrpc', 'hprose', 'copyCallAs', 'callMethod', 'callHistory', 'setHeader', 'setSecretArgument', 'serverTasks',
  'debugServer', 'requestEditor', 'sourceModel', 'callForm', 'serverChecks', 'webSocketConnection', 'webSocket', 'notifications', 'resultPanelRequests', 'renameEndpoint',
  'changeProtocol', 'api',
];

suite('Chunks load on first use', function () {
  this.timeout(180_000);
  let api: RpcExplorerApi;
  let chunkDir: string;
  let workspace: string;
  let scratch: string;
  const servers: RunningServer[] = [];

  /** Whether this extension host has loaded dist/chunks/NAME.js (the host's one module cache). */
  const loaded = (name: string) => require.cache[path.join(chunkDir, `${name}.js`)] !== undefined;
  const lensesOf = async (uri: vscode.Uri) => (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri)) ?? [];
  const exampleUri = (relative: string) => vscode.Uri.file(path.join(workspace, 'examples', relative));

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID);
    assert.ok(ext);
    chunkDir = path.join(ext.extensionPath, 'dist', 'chunks');
    workspace = process.env.RPC_EXPLORER_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders![0].uri.fsPath;
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-explorer-chunks-'));
    api = await ext.activate();
  });

  suiteTeardown(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  test('activation loads dist/extension.js and no chunk', () => {
    const present = fs.readdirSync(chunkDir).filter((f) => f.endsWith('.js')).map((f) => f.slice(0, -3));
    assert.deepEqual([...present].sort(), [...CHUNKS].sort(), 'the chunks esbuild.js builds');
    assert.deepEqual(CHUNKS.filter(loaded), []);
  });

  test('a Python file that serves no RPC loads no parser and gets no lens', async () => {
    const file = path.join(scratch, 'plain.py');
    fs.writeFileSync(file, 'import os\n\n\ndef main():\n    print(os.getcwd())\n');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await lensesOf(uri);
    assert.deepEqual(lenses.filter((l) => l.command?.command.startsWith('rpcExplorer.')), []);
    assert.equal(loaded('sourceModel'), false);
  });

  test('a server file loads the source model: its lenses', async () => {
    const uri = exampleUri('python-xmlrpc/origin_server.py');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lens = await poll(async () => (await lensesOf(uri)).find((l) => l.command?.title.includes('sayHi')), 'the Call sayHi lens');
    assert.equal(lens.command?.command, 'rpcExplorer.callFromSource');
    assert.equal(loaded('sourceModel'), true);
  });

  // Before any other call: probing a server of another protocol is also a document off the fast path.
  test('an XML document off the fast path loads the general parser, which reads it', async () => {
    // A real HTTP peer in this host whose answer carries a CDATA section: valid XML-RPC outside the canonical shape.
    const server = http.createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end('<?xml version="1.0"?><methodResponse><params><param><value><string><![CDATA[a < b]]></string></value></param></params></methodResponse>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/RPC2`;
      assert.equal(loaded('xmlrpc'), false);
      assert.equal(loaded('xmlParser'), false);
      // Adding it discovers its methods: the first XML-RPC request.
      await api.addEndpoint(url, { protocol: 'xmlrpc' });
      assert.equal(await api.callMethod(url, 'anything', [], { showPanel: false }), 'a < b');
      assert.equal(loaded('xmlrpc'), true);
      assert.equal(loaded('xmlParser'), true);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('calls load their protocol: XML-RPC, JSON-RPC, hprose', async () => {
    const xmlrpc = await startXmlRpcServer();
    servers.push(xmlrpc);
    assert.equal(await api.callMethod(xmlrpc.url, 'sayHi', ['chunk']), 'Hi chunk!');
    assert.equal(loaded('xmlrpc'), true);
    assert.equal(loaded('httpTransport'), true);
    const jayson = await startJaysonServer();
    servers.push(jayson);
    await api.addEndpoint(jayson.url, { protocol: 'jsonrpc' });
    assert.equal(await api.callMethod(jayson.url, 'add', '2, 3'), 5);
    assert.equal(loaded('jsonrpc'), true);
    const hprose = await startHproseServer();
    servers.push(hprose);
    await api.addEndpoint(hprose.url, { protocol: 'hprose' });
    assert.equal(await api.callMethod(hprose.url, 'sayHi', ['chunk']), 'Hi,chunk!');
    assert.equal(loaded('hprose'), true);
  });

  test('the Methods view loads the method details when it shows a method: the shape from OpenRPC', async () => {
    const server = await startJsonRpcExampleServer();
    servers.push(server);
    await api.addEndpoint(server.url);
    const tree = testHandle(api).tree;
    const endpoint = tree.endpointNode(server.url);
    assert.ok(endpoint, `${server.url} is in the tree`);
    const nodes: ExplorerNode[] = tree.getChildren(endpoint) ?? [];
    const add = nodes.find((n): n is MethodNode => n.kind === 'method' && n.method.name === 'add');
    assert.ok(add, 'the method add');
    assert.equal(tree.getTreeItem(add).description, '(a: number, b: number) → number');
    assert.equal(loaded('methodDetails'), true);
  });

  test('Copy Call As loads its chunk and writes the snippet', async () => {
    const url = servers[0].url;
    const snippet = await api.copyCallAs(url, 'sayHi', ['chunk'], 'curl');
    assert.match(snippet, /sayHi/);
    assert.match(snippet, /curl/);
    assert.equal(loaded('copyCallAs'), true);
  });

  test('opening a request file loads the request editor: its diagnostics', async () => {
    assert.equal(loaded('requestEditor'), false);
    const document = await vscode.workspace.openTextDocument({ language: 'rpc', content: 'CALL {{nowhere}} sayHi\n"x"\n' });
    await vscode.window.showTextDocument(document);
    assert.equal(loaded('requestEditor'), true);
    const diagnostics = await poll(() => {
      const found = vscode.languages.getDiagnostics(document.uri);
      return found.length ? found : undefined;
    }, 'a diagnostic for the undefined variable');
    assert.match(diagnostics.map((d) => d.message).join('\n'), /nowhere/);
  });

  test('Start Server loads the server tasks: the task runs and answers', async () => {
    // Not asserted unloaded first: VS Code asks the task provider early, and this workspace (examples/) has server
    // files, so the chunk may already be in for that.
    const port = await freePort();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(exampleUri('python-xmlrpc/origin_server.py')));
    const result = await vscode.commands.executeCommand<StartServerResult>('rpcExplorer.startServer', undefined, { env: { PORT: String(port) } });
    assert.equal(result?.error, undefined, result?.error);
    assert.equal(loaded('serverTasks'), true);
    assert.equal(await api.callMethod(result!.url!, 'sayHi', ['task']), 'Hi task!');
    assert.ok(await vscode.commands.executeCommand('rpcExplorer.stopServer', result!.url));
    await poll(async () => !(await isPortOpen(port)), 'the port to close');
  });

  test('Debug Server loads its chunk: the server runs under the debugger and answers', async function () {
    if (!vscode.workspace.isTrusted) this.skip();
    assert.equal(loaded('debugServer'), false);
    const port = await freePort();
    const result = await vscode.commands.executeCommand<StartServerResult>('rpcExplorer.debugServer', exampleUri('hprose-node/server.js'), {
      env: { PORT: String(port), NODE_PATH: path.join(repoRoot(), 'node_modules') },
    });
    assert.equal(result?.error, undefined, result?.error);
    assert.equal(loaded('debugServer'), true);
    assert.equal(await api.callMethod(result!.url!, 'sayHi', ['debug']), 'Hi,debug!');
    assert.ok(await vscode.commands.executeCommand('rpcExplorer.stopServer', result!.url));
    await poll(async () => !(await isPortOpen(port)), 'the port to close');
  });
});
