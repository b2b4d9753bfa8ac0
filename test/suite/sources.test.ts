// The server's source in the explorer, in the real extension host: Go to Definition from a method node, parameters
// and docs from the source in the tree, the code lenses of a server file and their Call command, the argument
// template. Real servers: the origin document's server run as a task, and a typed server the test runs itself.
import * as assert from 'assert/strict';
import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RpcExplorerApi } from '../../src/extension';
import type { ExplorerNode, MethodNode } from '../../src/explorer/methodTree';
import { argumentTemplate } from '../../src/sourceEditor/argumentTemplate';
import type { StartServerResult } from '../../src/tasks';
import { freePort } from '../support/ports';
import { PYTHON, repoRoot } from '../support/servers';
import { EXTENSION_ID, openExplorerView, poll } from './helpers';
import { testHandle, type TestHandle } from './support/handle';

let api: RpcExplorerApi;
let rpc: TestHandle;
let folder: string;
const children: ChildProcess[] = [];

/** A server file binding a fixed port (so a workspace scan can match it), with type hints and a builtin. */
function typedServerText(port: number): string {
  return [
    'import datetime',
    'from typing import List, Optional',
    'from xmlrpc.server import SimpleXMLRPCServer',
    '',
    '',
    'def sayHi(name):',
    '    """Greets `name`: sayHi("phyger") -> "Hi phyger!"."""',
    "    return f'Hi {name}!'",
    '',
    '',
    'def scale(values: List[float], when: datetime.datetime, factor: float = 2.0, label: Optional[str] = None, strict: bool = False) -> list:',
    '    """Multiplies every value by `factor`."""',
    '    return [v * factor for v in values]',
    '',
    '',
    `server = SimpleXMLRPCServer(('127.0.0.1', ${port}), allow_none=True, use_builtin_types=True)`,
    'server.register_function(sayHi)',
    'server.register_function(scale)',
    "server.register_function(len, 'length')",
    'server.register_introspection_functions()',
    "print(f'server listening on 127.0.0.1:{server.server_address[1]}', flush=True)",
    'server.serve_forever()',
    '',
  ].join('\n');
}

/** Runs a Python file as the user would outside the editor (not as a task), until its listening line. */
async function runPython(file: string): Promise<ChildProcess> {
  // Through orphan_guard.py with a stdin pipe: the server exits when this process dies, however it dies.
  const child = spawn(PYTHON, ['-u', path.join(repoRoot(), 'test/fixtures/orphan_guard.py'), file], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${file} did not start: ${output}`)), 15_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      if (/server listening on/.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${file} exited (${code}): ${output}`)));
  });
  return child;
}

function labelOf(item: vscode.TreeItem): string {
  return typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
}

async function methodNode(url: string, name: string): Promise<MethodNode> {
  const endpoint = rpc.tree.endpointNode(url);
  assert.ok(endpoint, `${url} is in the tree`);
  const nodes: ExplorerNode[] = (await rpc.tree.getChildren(endpoint)) ?? [];
  const node = nodes.find((n): n is MethodNode => n.kind === 'method' && n.method.name === name);
  assert.ok(node, `${name} under ${url}: ${nodes.map((n) => (n.kind === 'method' ? n.method.name : n.kind)).join(', ')}`);
  return node;
}

/** The tooltip as read: markdown's escapes and non-breaking spaces undone. */
function tooltipText(item: vscode.TreeItem): string {
  const tip = item.tooltip;
  const text = typeof tip === 'string' ? tip : (tip?.value ?? '');
  return text.replace(/&nbsp;/g, ' ').replace(/\\(.)/g, '$1');
}

/** The 1-based line of the first line of `file` that starts with `prefix`. */
function lineOf(file: string, prefix: string): number {
  const index = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith(prefix));
  assert.ok(index >= 0, `${prefix} in ${file}`);
  return index + 1;
}

suite('Source in the explorer', function () {
  this.timeout(90_000);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    rpc = testHandle(api);
    const workspace = process.env.RPC_EXPLORER_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders![0].uri.fsPath;
    folder = path.join(workspace, 'source-suite');
    fs.mkdirSync(folder, { recursive: true });
    // The origin document's server, unchanged.
    fs.copyFileSync(path.join(repoRoot(), 'examples', 'python-xmlrpc', 'origin_server.py'), path.join(folder, 'origin_server.py'));
    await openExplorerView();
  });

  suiteTeardown(async () => {
    for (const server of rpc.servers.list()) await rpc.servers.stop({ file: server.file });
    for (const child of children) child.kill('SIGTERM');
    for (const endpoint of [...rpc.registry.list()]) await rpc.registry.remove(endpoint.config.url);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test("the origin document's server: code lenses, tree parameters from the source, Go to Definition, the Call lens", async () => {
    const file = path.join(folder, 'origin_server.py');
    const uri = vscode.Uri.file(file);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const defLine = lineOf(file, 'def sayHi');

    // Not running: Start Server with the URL the source binds, and Call sayHi at the def line.
    const before = await poll(async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return lenses?.length ? lenses : undefined;
    }, 'the code lenses of origin_server.py');
    const titles = before.map((l) => `${l.range.start.line}: ${l.command?.title}`);
    assert.ok(titles.includes('0: ▷ Start Server http://127.0.0.1:8889'), titles.join(' | '));
    assert.ok(titles.includes(`${defLine - 1}: ▷ Call sayHi`), titles.join(' | '));

    const port = await freePort();
    const started = await vscode.commands.executeCommand<StartServerResult>('rpcExplorer.startServer', uri, { env: { PORT: String(port) } });
    assert.equal(started?.error, undefined, started?.error);
    const url = started!.url!;

    // Running: Stop Server with the URL it listens at.
    const running = await poll(async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return lenses?.find((l) => l.command?.title.startsWith('■ Stop Server'));
    }, 'the Stop Server lens');
    assert.equal(running.command!.title, `■ Stop Server ${url}`);
    assert.equal(running.range.start.line, 0);

    // The tree: sayHi(name), the tooltip says where in the source.
    assert.equal((await rpc.sources.forEndpoint(url))?.file, file);
    const node = await methodNode(url, 'sayHi');
    const item = rpc.tree.getTreeItem(node);
    assert.equal(`${labelOf(item)}${String(item.description).split(' · ')[0]}`, 'sayHi(name)');
    assert.match(tooltipText(item), new RegExp(`from the source \\(origin_server\\.py:${defLine}\\)`));

    // Go to Definition lands on the def line, the name selected.
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('rpcExplorer.goToDefinition', node);
    assert.ok(editor, 'an editor opens');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file);
    const selection = vscode.window.activeTextEditor!.selection;
    assert.equal(selection.start.line, defLine - 1);
    assert.equal(vscode.window.activeTextEditor!.document.getText(selection), 'sayHi');

    // The Call lens, with arguments (the argument box is skipped), calls the running server; the panel shows it.
    const call = running && (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri))!.find((l) => l.command?.title === '▷ Call sayHi')!;
    const answer = await vscode.commands.executeCommand(call.command!.command, ...call.command!.arguments!, ['phyger']);
    assert.equal(answer, 'Hi phyger!');
    const view = rpc.resultPanel.current!;
    assert.equal(view.method, 'sayHi');
    assert.equal(view.value, 'Hi phyger!');
    assert.equal(await rpc.resultPanel.whenShown(view.callId), true, 'the panel shows the outcome');

    assert.ok(await vscode.commands.executeCommand('rpcExplorer.stopServer', url));
    await poll(async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
      return lenses?.some((l) => l.command?.title.startsWith('▷ Start Server'));
    }, 'Start Server again once stopped');
  });

  test('a server with introspection but no signatures (examples/python-xmlrpc/server.py as a task): the tree fills in sayHi(name) from the source by itself', async () => {
    const workspace = path.dirname(folder);
    const file = path.join(workspace, 'examples', 'python-xmlrpc', 'server.py');
    const port = await freePort();
    const started = await vscode.commands.executeCommand<StartServerResult>('rpcExplorer.startServer', vscode.Uri.file(file), { env: { PORT: String(port) } });
    assert.equal(started?.error, undefined, started?.error);
    const url = started!.url!;
    // No explicit lookup: rendering the method asks for the source, and the tree refreshes when it is known.
    const item = await poll(async () => {
      const found = rpc.tree.getTreeItem(await methodNode(url, 'sayHi'));
      return found.description === '(name)' ? found : undefined;
    }, 'sayHi(name) in the tree');
    assert.match(tooltipText(item), new RegExp(`Greets \`name\`[\\s\\S]*from the source \\(server\\.py:${lineOf(file, 'def sayHi')}\\)`));
    assert.ok(await vscode.commands.executeCommand('rpcExplorer.stopServer', url));
  });

  test('the Call lens of a server already running outside the editor calls it there, without starting a task', async () => {
    const port = await freePort();
    const file = path.join(folder, 'terminal_server.py');
    fs.writeFileSync(file, typedServerText(port));
    const child = await runPython(file); // as from a terminal: no task, no endpoint yet
    try {
      const result = await vscode.commands.executeCommand('rpcExplorer.callFromSource', vscode.Uri.file(file), 'sayHi', ['terminal']);
      assert.equal(result, 'Hi terminal!');
      assert.ok(!rpc.servers.list().some((server) => server.file === file), 'no server task was started for the file');
      assert.ok(rpc.registry.get(`http://127.0.0.1:${port}`), 'the running server is in the explorer');
    } finally {
      child.kill('SIGTERM');
      await rpc.registry.remove(`http://127.0.0.1:${port}`).catch(() => undefined);
    }
  });

  test('an endpoint whose port a workspace server file binds: parameters, docs and Go to Definition from that file', async () => {
    const port = await freePort();
    const file = path.join(folder, 'typed_server.py');
    fs.writeFileSync(file, typedServerText(port));
    await runPython(file);
    // localhost in the URL, 127.0.0.1 in the file: the same host.
    const url = `http://localhost:${port}`;
    await api.addEndpoint(url);
    assert.equal(rpc.registry.get(url)?.state.status, 'ready');

    const source = await poll(() => rpc.sources.forEndpoint(url), 'the source of the endpoint (the watcher sees the new file)');
    assert.equal(source.file, file);
    assert.equal(source.via, 'port');

    const sayHi = rpc.tree.getTreeItem(await methodNode(url, 'sayHi'));
    assert.equal(sayHi.description, '(name)');
    const tip = tooltipText(sayHi);
    assert.match(tip, /Greets `name`/);
    assert.match(tip, new RegExp(`from the source \\(typed_server\\.py:${lineOf(file, 'def sayHi')}\\)`));
    assert.equal(rpc.tree.getTreeItem(await methodNode(url, 'scale')).description, '(values: double[], when: dateTime, factor?: double, label?: string?, strict?: boolean) → list');

    const node = await methodNode(url, 'scale');
    await vscode.commands.executeCommand('rpcExplorer.goToDefinition', node);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, file);
    assert.equal(vscode.window.activeTextEditor!.selection.start.line, lineOf(file, 'def scale') - 1);

    // A builtin registered under a name: no definition, and why.
    const length = await rpc.sources.functionOf(url, 'length');
    assert.ok('reason' in length);
    assert.match(length.reason, /registers length at line \d+ but does not define it/);
    assert.equal(await vscode.commands.executeCommand('rpcExplorer.goToDefinition', await methodNode(url, 'length')), undefined);

    // An endpoint no workspace file binds.
    const nowhere = await rpc.sources.functionOf('http://127.0.0.1:1', 'sayHi');
    assert.ok('reason' in nowhere);
    assert.match(nowhere.reason, /no server file in the workspace binds 127\.0\.0\.1:1/);

    // The argument template of the typed function, and it calls.
    const scale = await rpc.sources.functionOf(url, 'scale');
    assert.ok('fn' in scale);
    const template = argumentTemplate(scale.fn)!;
    assert.equal(template, '[], {"$datetime": "20260101T00:00:00"}, 2.0, null, false');
    const filled = template.replace('[]', '[1.5, 2]');
    assert.deepEqual(await api.callMethod(url, 'scale', filled, { showPanel: false }), [{ $double: 3 }, { $double: 4 }]);
  });
});
