// The explorer and the Call command in the real extension host, against real servers on free loopback ports:
// Python SimpleXMLRPCServer (with and without introspection), the npm hprose example, hostile http.server peers.
import * as assert from 'assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RpcExplorerApi } from '../../src/extension';
import type { ExplorerNode, MethodNode } from '../../src/explorer/methodTree';
import { WorkspaceEndpointRegistry } from '../../src/endpoints/endpointRegistry';
import { EndpointStore } from '../../src/endpoints/endpointStore';
import type { DiscoveryState } from '../../src/endpoints/endpointTypes';
import {
  startExampleXmlRpcServer,
  startHostileServer,
  startHproseExampleServer,
  startJsonRpcExampleServer,
  startOriginXmlRpcServer,
  startXmlRpcServer,
  type RunningServer,
} from '../support/servers';
import { freePort } from '../support/ports';
import { EXTENSION_ID, openExplorerView, poll } from './helpers';
import { testHandle, type TestHandle } from './support/handle';

let api: RpcExplorerApi;
let rpc: TestHandle;
const servers: RunningServer[] = [];
/** The Python example the first test adds; later tests call it. */
let pythonExampleUrl: string | undefined;

async function start(server: Promise<RunningServer>): Promise<RunningServer> {
  const running = await server;
  servers.push(running);
  return running;
}

/** Labels of the children of a node, as the tree shows them. */
async function childLabels(node?: ExplorerNode): Promise<string[]> {
  const children = await rpc.tree.getChildren(node);
  return (children ?? []).map((child) => {
    const label = rpc.tree.getTreeItem(child).label;
    return typeof label === 'string' ? label : (label?.label ?? '');
  });
}

function endpointNode(url: string): ExplorerNode {
  const node = rpc.tree.endpointNode(url);
  assert.ok(node, `no tree node for ${url}`);
  return node;
}

async function findChild(parent: ExplorerNode, label: string): Promise<ExplorerNode> {
  const children = await rpc.tree.getChildren(parent);
  const found = children.find((c) => {
    const l = rpc.tree.getTreeItem(c).label;
    return (typeof l === 'string' ? l : l?.label) === label;
  });
  assert.ok(found, `no child "${label}" under ${parent.kind} (have: ${(await childLabels(parent)).join(', ')})`);
  return found;
}

function tooltipText(node: ExplorerNode): string {
  const tooltip = rpc.tree.getTreeItem(node).tooltip;
  const text = typeof tooltip === 'string' ? tooltip : (tooltip?.value ?? '');
  // MarkdownString.appendText escapes: read it back as the text a user sees.
  return text.replace(/&nbsp;/g, ' ').replace(/\\([\\`*_{}[\]()#+\-.!|<>~])/g, '$1');
}

async function expectRejection(promise: Thenable<unknown>): Promise<Error & { code?: unknown; kind?: string; faultString?: string }> {
  try {
    const value = await promise;
    assert.fail(`expected a rejection, got ${JSON.stringify(value)}`);
  } catch (error) {
    return error as Error & { code?: unknown; kind?: string };
  }
}

suite('Explorer and Call Method', function () {
  this.timeout(60_000);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    rpc = testHandle(api);
    assert.equal(typeof api?.addEndpoint, 'function', 'activate() returns the typed API');
    await openExplorerView();
  });

  suiteTeardown(async () => {
    for (const endpoint of [...rpc.registry.list()]) await rpc.registry.remove(endpoint.config.url);
    await Promise.all(servers.map((s) => s.stop()));
  });

  test('Add Endpoint against a Python SimpleXMLRPCServer with introspection: the tree lists its methods', async () => {
    const server = await start(startExampleXmlRpcServer());
    const endpoint = await vscode.commands.executeCommand<{ state: { status: string } }>('rpcExplorer.addEndpoint', server.url);
    assert.equal(endpoint?.state.status, 'ready', JSON.stringify(endpoint?.state));
    pythonExampleUrl = server.url;
    const node = endpointNode(server.url);
    const item = rpc.tree.getTreeItem(node);
    assert.equal(item.description, 'XML-RPC');
    assert.equal(item.contextValue, 'endpoint');
    assert.match(tooltipText(node), /Methods: \d+/);
    const labels = await childLabels(node);
    assert.ok(labels.includes('sayHi'), labels.join(', '));
    assert.ok(labels.includes('system'), 'system.* methods are grouped under "system"');
    const system = await findChild(node, 'system');
    assert.deepEqual((await childLabels(system)).filter((l) => /^(listMethods|methodHelp|methodSignature)$/.test(l)).sort(), [
      'listMethods',
      'methodHelp',
      'methodSignature',
    ]);
    const sayHi = await findChild(node, 'sayHi');
    assert.equal(rpc.tree.getTreeItem(sayHi).contextValue, 'method');
  });

  test('programmatic callMethod returns "Hi phyger!" from the Python example and remembers it in the history', async () => {
    assert.ok(pythonExampleUrl, 'the first test added the Python example');
    const url = pythonExampleUrl;
    const result = await vscode.commands.executeCommand('rpcExplorer.callMethod', url, 'sayHi', ['phyger']);
    assert.equal(result, 'Hi phyger!');
    // The history is written once the outcome is on screen, off the call's own time.
    const last = await poll(() => rpc.history.entries(url)[0], 'the call in the history');
    assert.equal(last.method, 'sayHi');
    assert.equal(last.outcome, 'ok');
    assert.equal(last.argsText, '"phyger"');
    assert.equal(rpc.history.lastArgs(url, 'sayHi'), '"phyger"');
    const view = rpc.resultPanel.current!;
    assert.equal(await rpc.resultPanel.whenShown(view.callId, 30_000), true, 'the panel shows the outcome');
    assert.equal(view.value, 'Hi phyger!');
  });

  test('an hprose server: tree children match its functions (no # or *), sayBye returns "Bye,Python测试和开发!"', async () => {
    const server = await start(startHproseExampleServer());
    await vscode.commands.executeCommand('rpcExplorer.addEndpoint', server.url);
    const node = endpointNode(server.url);
    assert.equal(rpc.tree.getTreeItem(node).description, 'hprose');
    assert.deepEqual(await childLabels(node), ['sayBye', 'sayHi']);
    assert.equal(await vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'sayBye', ['Python测试和开发']), 'Bye,Python测试和开发!');
    assert.equal(await vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'sayHi', '"phyger"'), 'Hi,phyger!');
  });

  test('a JSON-RPC 2.0 server with OpenRPC: methods with their parameters; add(2, 3) is 5', async () => {
    const server = await start(startJsonRpcExampleServer());
    await vscode.commands.executeCommand('rpcExplorer.addEndpoint', server.url);
    const node = endpointNode(server.url);
    assert.equal(rpc.tree.getTreeItem(node).description, 'JSON-RPC');
    const labels = await childLabels(node);
    assert.ok(labels.includes('sayHi') && labels.includes('add'), labels.join(', '));
    const add = await findChild(node, 'add');
    assert.match(tooltipText(add), /Adds two numbers/);
    assert.equal(await vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'add', [2, 3]), 5);
  });

  test('a fault reaches the result panel with its code and message', async () => {
    const server = await start(startXmlRpcServer({ introspection: true }));
    await rpc.registry.add({ url: server.url, protocol: 'xmlrpc' });
    const error = await expectRejection(vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'fail', [4711, 'disk on fire']));
    assert.equal(error.name, 'RpcFault');
    assert.equal(error.code, 4711);
    const view = rpc.resultPanel.current!;
    assert.equal(view.status, 'fault');
    assert.equal(view.fault?.code, 4711);
    assert.equal(view.fault?.message, 'disk on fire');
    assert.equal(await rpc.resultPanel.whenShown(view.callId, 30_000), true, 'the panel shows the fault');
    assert.equal((await poll(() => rpc.history.entries(server.url)[0], 'the call in the history')).outcome, 'fault');
  });

  test('a result holding markup renders as text in the panel (no element is created from it)', async () => {
    const server = servers[servers.length - 1];
    const hostile = '<img src=x onerror=alert(1)>';
    const result = await vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'echo', [{ html: hostile, list: [hostile] }]);
    assert.deepEqual(result, { html: hostile, list: [hostile] });
    // The webview builds its DOM with textContent: the UI test (explorer.ui.mjs) counts the <img> elements.
    assert.equal(await rpc.resultPanel.whenShown(rpc.resultPanel.current!.callId, 30_000), true);
    assert.deepEqual(rpc.resultPanel.current!.value, { html: hostile, list: [hostile] });
  });

  test('typed values (dates, binary) round-trip and the panel labels them', async () => {
    const server = servers[servers.length - 1];
    const args = [{ $datetime: '20260102T03:04:05' }, { $base64: 'aGk=' }];
    const result = await vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'echo', [args]);
    assert.deepEqual(result, args);
    assert.equal(await rpc.resultPanel.whenShown(rpc.resultPanel.current!.callId, 30_000), true);
    assert.deepEqual(rpc.resultPanel.current!.value, args);
  });

  test('a 10 MB result stays responsive: the panel renders it collapsed and paged, long strings cut with "show all"', async function () {
    this.timeout(120_000);
    const server = servers[servers.length - 1];
    // ~10 MB of XML: 40,000 structs, plus one 2 MB string.
    const big = await vscode.commands.executeCommand<unknown>('rpcExplorer.callMethod', server.url, 'echo', [
      { rows: Array.from({ length: 40_000 }, (_, i) => ({ id: i, name: `row ${i}`, tags: ['a', 'b'] })), blob: 'x'.repeat(2_000_000) },
    ]);
    assert.equal((big as { rows: unknown[] }).rows.length, 40_000);
    const started = Date.now();
    assert.equal(await rpc.resultPanel.whenShown(rpc.resultPanel.current!.callId, 30_000), true, 'the panel shows a 10 MB result within 30 s');
    const renderMs = Date.now() - started;
    assert.equal(rpc.resultPanel.current!.status, 'ok');
    console.log(`      10 MB result: panel rendered ${renderMs} ms after the call resolved`);
    // Its 2 MB of arguments are not kept in workspace state (VS Code writes all of it on every change): the history
    // entry says how long they were, and the last arguments of echo stay the ones kept before.
    const recorded = await poll(() => rpc.history.entries(server.url).find((e) => e.argsNotKept !== undefined), 'the call in the history');
    assert.ok(recorded.argsNotKept! > 2_000_000, `argsNotKept ${recorded.argsNotKept}`);
    assert.equal(recorded.argsText, '');
    assert.ok((rpc.history.lastArgs(server.url, 'echo')?.length ?? 0) < 100_000, 'the last arguments are not the 2 MB ones');
  });

  test('discovery failure on the origin server (no introspection) shows the hint on the endpoint node, and calls still work', async () => {
    const server = await start(startOriginXmlRpcServer());
    const endpoint = await rpc.registry.add({ url: server.url, protocol: 'auto' });
    assert.equal(endpoint.state.status, 'error');
    const node = endpointNode(server.url);
    const item = rpc.tree.getTreeItem(node);
    assert.match(String(item.description), /introspection/i);
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'question', 'no introspection is not an error icon');
    assert.match(tooltipText(node), /register_introspection_functions/);
    const children = await childLabels(node);
    assert.ok(children.some((c) => /register_introspection_functions/.test(c)), children.join(' | '));
    assert.equal(await vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'sayHi', ['phyger']), 'Hi phyger!');
  });

  test('a local endpoint without introspection falls back to the methods read from its source, marked "from source"', async () => {
    // The origin example (no introspection) run as a server task: the endpoint is local, its methods from the source.
    const workspace = process.env.RPC_EXPLORER_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(workspace, 'examples', 'python-xmlrpc', 'origin_server.py');
    const started = await api.startServer(file, { env: { PORT: String(await freePort()) } });
    assert.equal(started.error, undefined, started.error);
    const url = started.url!;
    try {
      const node = endpointNode(url);
      const item = rpc.tree.getTreeItem(node);
      assert.equal(item.contextValue, 'endpoint.local.running');
      assert.match(String(item.description), /from source/);
      assert.doesNotMatch(String(item.description), /running|stopped/, 'running/stopped is the icon, not text');
      assert.equal((item.iconPath as vscode.ThemeIcon).id, 'server-process');
      assert.match(item.accessibilityInformation?.label ?? '', /local, from origin_server\.py · running/);
      assert.match(tooltipText(node), /register_introspection_functions/);
      const sayHi = await findChild(node, 'sayHi');
      assert.match(String(rpc.tree.getTreeItem(sayHi).description), /from source/);
      assert.match(tooltipText(sayHi), /register_introspection_functions/);
      assert.equal(await vscode.commands.executeCommand('rpcExplorer.callMethod', url, 'sayHi', ['phyger']), 'Hi phyger!');
      // Once its server is stopped, the row says so and the failure says how to start it again.
      assert.equal(await api.stopServer({ url }), true);
      await poll(() => rpc.tree.getTreeItem(node).contextValue === 'endpoint.local.stopped', 'the endpoint shown stopped');
      const error = await expectRejection(vscode.commands.executeCommand('rpcExplorer.callMethod', url, 'sayHi', ['phyger']));
      assert.match(error.message, /local server \(origin_server\.py\) is stopped.*Start and Call/);
      assert.equal(await poll(() => rpc.history.lastArgs(url, 'sayHi'), 'the arguments remembered'), '"phyger"');
    } finally {
      await api.stopServer({ file });
      await api.removeEndpoint(url);
    }
  });

  test('connection refused: one line naming the endpoint and what to do; endpoint, history and arguments stay', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const endpoint = await rpc.registry.add({ url, protocol: 'xmlrpc' });
    assert.equal(endpoint.state.status, 'error');
    const error = await expectRejection(vscode.commands.executeCommand('rpcExplorer.callMethod', url, 'sayHi', '"kept", 42'));
    assert.ok(error.message.includes(url), error.message);
    assert.match(error.message, /is the server running\?/);
    assert.equal(error.message.match(/server running/gi)?.length, 1, 'the question once');
    assert.doesNotMatch(error.message, /\n|at .*\(/, 'one line, no stack');
    assert.ok(rpc.registry.get(url), 'the endpoint stays');
    assert.equal((await poll(() => rpc.history.entries(url)[0], 'the call in the history')).outcome, 'error');
    assert.equal(rpc.history.lastArgs(url, 'sayHi'), '"kept", 42', 'the typed arguments are pre-filled next time');
    assert.equal(await rpc.resultPanel.whenShown(rpc.resultPanel.current!.callId, 30_000), true);
    assert.match(rpc.resultPanel.current!.error ?? '', /is the server running\?/);
  });

  test('an HTML page instead of RPC: a one-line message saying so', async () => {
    const server = await start(startHostileServer('html200'));
    await rpc.registry.add({ url: server.url, protocol: 'xmlrpc' });
    const error = await expectRejection(vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'sayHi', ['x']));
    assert.ok(error.message.includes(server.url), error.message);
    assert.match(error.message, /web page|not .*RPC/i);
    assert.equal(rpc.registry.get(server.url)?.state.status, 'error');
  });

  test('a running call is cancelled from the panel (AbortSignal) without waiting for the server', async () => {
    const server = await start(startXmlRpcServer());
    await rpc.registry.add({ url: server.url, protocol: 'xmlrpc' });
    const started = Date.now();
    const call = vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'sleep', [20]);
    await poll(() => rpc.resultPanel.current?.status === 'pending' && rpc.resultPanel.current.method === 'sleep', 'the pending sleep call', 5000);
    api.cancelCall(rpc.resultPanel.current!.callId);
    const error = await expectRejection(call);
    assert.equal(error.kind, 'cancelled');
    assert.ok(Date.now() - started < 10_000, 'cancelled well before the server answered');
    assert.equal(rpc.resultPanel.current?.status, 'cancelled');
  });

  test('a timeout (server drips its answer) is one line naming the endpoint and the timeout setting', async () => {
    const server = await start(startHostileServer('drip'));
    const config = vscode.workspace.getConfiguration('rpcExplorer');
    await config.update('requestTimeoutMs', 1500, vscode.ConfigurationTarget.Workspace);
    try {
      await rpc.registry.add({ url: server.url, protocol: 'xmlrpc' });
      const started = Date.now();
      const error = await expectRejection(vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'sayHi', ['x']));
      assert.ok(Date.now() - started < 10_000, 'the setting reached the transport');
      assert.equal(error.kind, 'timeout');
      assert.ok(error.message.includes(server.url), error.message);
      assert.match(error.message, /requestTimeoutMs/);
    } finally {
      await config.update('requestTimeoutMs', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a response over the size cap is refused with a line naming the setting', async () => {
    const server = await start(startHostileServer('huge-length'));
    const config = vscode.workspace.getConfiguration('rpcExplorer');
    await config.update('maxResponseSizeMB', 1, vscode.ConfigurationTarget.Workspace);
    try {
      await rpc.registry.add({ url: server.url, protocol: 'xmlrpc' });
      const error = await expectRejection(vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'sayHi', ['x']));
      assert.equal(error.kind, 'too-large');
      assert.ok(error.message.includes(server.url), error.message);
      assert.match(error.message, /maxResponseSizeMB/);
    } finally {
      await config.update('maxResponseSizeMB', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('a server that drops the connection mid-answer: one line naming the endpoint; the endpoint stays', async () => {
    const server = await start(startHostileServer('cut'));
    await rpc.registry.add({ url: server.url, protocol: 'xmlrpc' });
    const error = await expectRejection(vscode.commands.executeCommand('rpcExplorer.callMethod', server.url, 'sayHi', ['x']));
    assert.ok(error.message.includes(server.url), error.message);
    assert.doesNotMatch(error.message, /\n/);
    assert.ok(rpc.registry.get(server.url));
  });

  test('request headers: secret-looking values go to SecretStorage (not settings), plain ones to settings; both are sent', async () => {
    // A real loopback XML-RPC peer that answers with the headers it received.
    const seen: http.IncomingHttpHeaders[] = [];
    const peer = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        seen.push(req.headers);
        const text = `${req.headers.authorization ?? '-'}|${req.headers['x-tenant'] ?? '-'}`;
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end(`<?xml version="1.0"?><methodResponse><params><param><value><string>${text}</string></value></param></params></methodResponse>`);
      });
    });
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(peer.address() as net.AddressInfo).port}/RPC2`;
    try {
      await rpc.registry.add({ url, protocol: 'xmlrpc' });
      assert.equal(await vscode.commands.executeCommand('rpcExplorer.setHeader', url, 'Authorization', 'Bearer t0ken-s3cret'), 'secret');
      assert.equal(await vscode.commands.executeCommand('rpcExplorer.setHeader', url, 'X-Tenant', 'dev'), 'setting');
      const settings = JSON.stringify(vscode.workspace.getConfiguration('rpcExplorer').get('headers'));
      assert.ok(!settings.includes('t0ken-s3cret'), `the secret is not in settings: ${settings}`);
      assert.match(settings, /"X-Tenant":"dev"/);
      assert.equal(await vscode.commands.executeCommand('rpcExplorer.callMethod', url, 'whoami', []), 'Bearer t0ken-s3cret|dev');
      assert.equal(await vscode.commands.executeCommand('rpcExplorer.setHeader', url, 'Authorization', ''), 'removed');
      assert.equal(await vscode.commands.executeCommand('rpcExplorer.setHeader', url, 'X-Tenant', ''), 'removed');
      assert.equal(await vscode.commands.executeCommand('rpcExplorer.callMethod', url, 'whoami', []), '-|-');
      // A credential typed into settings.json by hand is found and moved to the keychain (the extension offers it, and
      // the palette's Move Secret Headers to the Keychain does it): the secret one only.
      const config = vscode.workspace.getConfiguration('rpcExplorer');
      await config.update('headers', { [url]: { Authorization: 'Bearer hand-typed-1', 'X-Tenant': 'ops' } }, vscode.ConfigurationTarget.Workspace);
      assert.equal(await vscode.commands.executeCommand('rpcExplorer.moveSecretHeadersToKeychain'), 1);
      const after = JSON.stringify(vscode.workspace.getConfiguration('rpcExplorer').get('headers'));
      assert.ok(!after.includes('hand-typed-1'), after);
      assert.equal(await vscode.commands.executeCommand('rpcExplorer.callMethod', url, 'whoami', []), 'Bearer hand-typed-1|ops');
      await config.update('headers', undefined, vscode.ConfigurationTarget.Workspace);
      await vscode.commands.executeCommand('rpcExplorer.setHeader', url, 'Authorization', '');
    } finally {
      await rpc.registry.remove(url);
      peer.close();
    }
  });

  test('TLS: a self-signed server fails with a clear line; trusted through rpcExplorer.tls.caFile or allowInsecure it works', async function () {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-explorer-tls-'));
    const key = path.join(dir, 'key.pem');
    const cert = path.join(dir, 'cert.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    const peer = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(cert) }, (req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'text/xml' });
        res.end('<?xml version="1.0"?><methodResponse><params><param><value><string>secure hi</string></value></param></params></methodResponse>');
      });
    });
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    const url = `https://127.0.0.1:${(peer.address() as net.AddressInfo).port}/RPC2`;
    const config = vscode.workspace.getConfiguration('rpcExplorer');
    try {
      await rpc.registry.add({ url, protocol: 'xmlrpc' });
      const error = await expectRejection(vscode.commands.executeCommand('rpcExplorer.callMethod', url, 'hello', []));
      assert.ok(error.message.includes(url), error.message);
      assert.match(error.message, /certificate|self.signed/i);
      await config.update('tls.caFile', cert, vscode.ConfigurationTarget.Workspace);
      assert.equal(await vscode.commands.executeCommand('rpcExplorer.callMethod', url, 'hello', []), 'secure hi');
      await config.update('tls.caFile', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('tls.allowInsecure', [url], vscode.ConfigurationTarget.Workspace);
      assert.equal(await vscode.commands.executeCommand('rpcExplorer.callMethod', url, 'hello', []), 'secure hi');
    } finally {
      await config.update('tls.caFile', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('tls.allowInsecure', undefined, vscode.ConfigurationTarget.Workspace);
      await rpc.registry.remove(url);
      peer.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  // Its notification's Undo (the endpoint back as it was, without discovering again) is a UI test (explorer.ui.mjs).
  test('Remove Endpoint asks nothing; added again, the endpoint is discovered as it was', async () => {
    assert.ok(pythonExampleUrl, 'the first test added the Python example');
    const url = pythonExampleUrl;
    const before = rpc.registry.get(url)!;
    const methods = before.state.status === 'ready' ? before.state.methods.length : -1;
    await vscode.commands.executeCommand('rpcExplorer.removeEndpoint', url);
    assert.equal(rpc.registry.get(url), undefined);
    assert.ok(!rpc.tree.endpointNode(url), 'gone from the tree');
    const after = await api.addEndpoint(url);
    assert.equal(after.state.status, 'ready');
    assert.equal(after.state.status === 'ready' ? after.state.methods.length : -2, methods);
  });

  test('endpoints and their methods persist: a registry reloaded from the same workspace state has them', async () => {
    const store = new Map<string, unknown>();
    const memento: vscode.Memento = {
      keys: () => [...store.keys()],
      get: <T>(key: string, fallback?: T) => (store.has(key) ? (structuredClone(store.get(key)) as T) : fallback),
      update: async (key: string, value: unknown) => void store.set(key, structuredClone(value)),
    };
    let discoveries = 0;
    const discover = async (): Promise<DiscoveryState> => {
      discoveries++;
      return { status: 'ready', protocol: 'xmlrpc', methods: [{ name: 'sayHi', signatures: [['string', 'string']], help: 'Says hi.' }], roundTrips: 1, refreshedAt: 0, elapsedMs: 1 };
    };
    const firstStore = new EndpointStore(memento);
    const first = new WorkspaceEndpointRegistry(firstStore, discover, firstStore.load().endpoints);
    await first.add({ url: 'http://127.0.0.1:1/RPC2', name: 'Kept', protocol: 'auto', local: { file: '/x/server.py', running: true } });
    await firstStore.flush();
    first.dispose();
    const store2 = new EndpointStore(memento);
    const reloaded = new WorkspaceEndpointRegistry(store2, discover, store2.load().endpoints);
    const endpoint = reloaded.get('http://127.0.0.1:1/RPC2');
    assert.ok(endpoint);
    assert.equal(endpoint.config.name, 'Kept');
    assert.equal(endpoint.config.local?.running, false, 'a server task does not survive a reload');
    assert.equal(endpoint.state.status, 'ready');
    assert.deepEqual(reloaded.methodsOf('http://127.0.0.1:1/RPC2').map((m) => m.name), ['sayHi']);
    assert.equal(discoveries, 1, 'no discovery on reload');
    reloaded.dispose();
  });

  test('a refresh during discovery supersedes it: the older one is aborted and add() resolves with the newer result', async () => {
    const store = new Map<string, unknown>();
    const memento: vscode.Memento = {
      keys: () => [...store.keys()],
      get: <T>(key: string, fallback?: T) => (store.has(key) ? (store.get(key) as T) : fallback),
      update: async (key: string, value: unknown) => void store.set(key, value),
    };
    const signals: AbortSignal[] = [];
    let release: (() => void) | undefined;
    const registry = new WorkspaceEndpointRegistry(new EndpointStore(memento), (_config, signal) => {
      signals.push(signal);
      const round = signals.length;
      return new Promise<DiscoveryState>((resolve, reject) => {
        const done = () => resolve({ status: 'ready', protocol: 'xmlrpc', methods: [{ name: `round${round}`, signatures: null, help: null }], roundTrips: 1, refreshedAt: 0, elapsedMs: 1 });
        signal.addEventListener('abort', () => reject(new Error('aborted')));
        if (round === 1) release = done;
        else done();
      });
    }, []);
    const adding = registry.add({ url: 'http://127.0.0.1:2', protocol: 'xmlrpc' });
    await poll(() => signals.length === 1, 'one abort signal', 2000);
    assert.equal(registry.get('http://127.0.0.1:2')?.state.status, 'discovering');
    const refreshing = registry.refresh('http://127.0.0.1:2/');
    const endpoint = await adding;
    await refreshing;
    assert.equal(signals[0].aborted, true, 'the first discovery was cancelled');
    release?.();
    assert.equal(endpoint.state.status, 'ready');
    assert.deepEqual(registry.methodsOf('http://127.0.0.1:2').map((m) => m.name), ['round2']);
    registry.dispose();
  });

  test('2,000 methods: discovery fills the tree and its levels build fast', async function () {
    this.timeout(120_000);
    const server = await start(startXmlRpcServer({ introspection: true, multicall: true, methods: 2000 }));
    const started = Date.now();
    const endpoint = await rpc.registry.add({ url: server.url, protocol: 'auto' });
    const discoveryMs = Date.now() - started;
    assert.equal(endpoint.state.status, 'ready', JSON.stringify(endpoint.state).slice(0, 300));
    const t0 = Date.now();
    const children = await rpc.tree.getChildren(endpointNode(server.url));
    const items = children.map((c) => rpc.tree.getTreeItem(c));
    const childrenMs = Date.now() - t0;
    assert.ok(children.length >= 2000, `${children.length} children`);
    const generated = children.find((c): c is MethodNode => c.kind === 'method' && c.method.name === 'method_1999');
    assert.ok(generated);
    assert.match(tooltipText(generated), /Generated method number 1999/);
    const roundTrips = endpoint.state.status === 'ready' ? endpoint.state.roundTrips : 0;
    console.log(`      2,000-method discovery: ${discoveryMs} ms (${roundTrips} requests), endpoint children + items: ${childrenMs} ms for ${items.length} nodes`);
    assert.ok(discoveryMs < 30_000, `discovery took ${discoveryMs} ms`);
    assert.ok(childrenMs < 1000, `building the children took ${childrenMs} ms`);
    // rpcExplorer.multicallChunkSize reaches the core: smaller chunks, more requests, same methods.
    const config = vscode.workspace.getConfiguration('rpcExplorer');
    await config.update('multicallChunkSize', 100, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('rpcExplorer.refresh', server.url);
      const again = rpc.registry.get(server.url)!.state;
      assert.equal(again.status, 'ready');
      assert.ok(again.status === 'ready' && again.roundTrips > roundTrips, `${again.status === 'ready' ? again.roundTrips : '?'} vs ${roundTrips} requests`);
      assert.equal(again.status === 'ready' ? again.methods.length : 0, endpoint.state.status === 'ready' ? endpoint.state.methods.length : -1);
    } finally {
      await config.update('multicallChunkSize', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});

