// Issue #20, "the first hour of a new user": each defect a new user hit, in the real extension host.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RpcExplorerApi } from '../../src/extension';
import type { ServerRestart } from '../../src/tasks/localServers';
import { repoRoot, startExampleXmlRpcServer, startHproseExampleServer, startJsonRpcExampleServer, startOriginXmlRpcServer, type RunningServer } from '../support/servers';
import { freePort } from '../support/ports';
import { EXTENSION_ID, poll } from './helpers';
import { testHandle, ViewHandle, type TestHandle } from './support/handle';
import type { ResultNode } from '../../src/requestEditor/requestResultsView';

let api: RpcExplorerApi;
let rpc: TestHandle;
let workspace: string;

suite('First hour of a new user', function () {
  this.timeout(120_000);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    rpc = testHandle(api);
    workspace = process.env.RPC_EXPLORER_TEST_WORKSPACE ?? vscode.workspace.workspaceFolders![0].uri.fsPath;
  });

  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('a save that crashes the server on a line holding another endpoint\'s URL leaves that endpoint alone', async function () {
    this.timeout(180_000);
    const other: RunningServer = await startExampleXmlRpcServer();
    const dir = path.join(workspace, 'first_hour_crash');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'server.py');
    fs.copyFileSync(path.join(repoRoot(), 'examples', 'python-xmlrpc', 'server.py'), file);
    const uri = vscode.Uri.file(file);
    try {
      await api.addEndpoint(other.url, { protocol: 'xmlrpc' });
      const port = await freePort();
      const started = await api.startServer(file, { env: { PORT: String(port) } });
      assert.equal(started.error, undefined, started.error);
      const own = started.url!;

      const document = await vscode.workspace.openTextDocument(uri);
      const match = /return f'Hi \{name\}!'/.exec(document.getText());
      assert.ok(match);
      const edit = new vscode.WorkspaceEdit();
      // The typo of the issue: a URL pasted into the return line, so Python's SyntaxError report echoes it.
      edit.replace(uri, new vscode.Range(document.positionAt(match.index), document.positionAt(match.index + match[0].length)), `return ${other.url}f'Hello {name}!'`);
      assert.ok(await vscode.workspace.applyEdit(edit));
      const restarted = new Promise<ServerRestart>((resolve) => {
        const listener = rpc.servers.onDidRestartAfterSave((event) => event.file === file && (listener.dispose(), resolve(event)));
      });
      await poll(async () => !document.isDirty || (await document.save()), 'the save of the server file', 30_000);
      const broken = await restarted;
      assert.ok(broken.error, `a broken save is not ready (it reported ${broken.url})`);
      await poll(() => vscode.languages.getDiagnostics(uri).find((d) => /SyntaxError/.test(d.message)), 'the SyntaxError as a problem', 30_000);
      await poll(() => rpc.registry.get(own)?.config.local?.running === false, 'its own endpoint to show stopped', 10_000);

      const untouched = rpc.registry.get(other.url);
      assert.ok(untouched, 'the other endpoint is still there');
      assert.equal(untouched.config.local, undefined, 'the other endpoint is not relabelled as the local server');
      assert.equal(await api.callMethod(other.url, 'sayHi', ['phyger']), 'Hi phyger!');
      await rpc.registry.remove(own);
    } finally {
      for (const server of rpc.servers.list()) if (server.file === file) await api.stopServer({ file });
      if (rpc.registry.get(other.url)) await rpc.registry.remove(other.url);
      await other.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('▷ Send on a valid call goes although a later call has an unknown variable; Send All reports that one as not sent', async () => {
    const server = await startExampleXmlRpcServer();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-first-hour-'));
    try {
      const file = path.join(dir, 'scratch.rpc');
      fs.writeFileSync(file, `@base = ${server.url}\n\n### Hi\nCALL {{base}} sayHi\n"phyger"\nEXPECT "Hi phyger!"\n\n### Unfinished\nCALL {{bse}} sayHi\n"x"\n\n### Again\nCALL {{base}} sayHi\n"y"\n`);
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      const outcome = await vscode.commands.executeCommand<{ status: string; result?: unknown }>('rpcExplorer.sendRequest', editor.document.uri, 0);
      assert.equal(outcome?.status, 'ok', JSON.stringify(outcome));
      assert.equal(outcome?.result, 'Hi phyger!');
      const report = await vscode.commands.executeCommand<{ outcomes: { status: string; label: string }[]; notSent: { call: { index: number }; diagnostic: { range: { start: { line: number } }; message: string } }[] }>(
        'rpcExplorer.sendAllRequests',
        editor.document.uri,
      );
      assert.ok(report);
      assert.deepEqual(report.outcomes.map((o) => `${o.label} ${o.status}`), ['Hi ok', 'Again ok']);
      assert.equal(report.notSent.length, 1);
      assert.equal(report.notSent[0].call.index, 1);
      assert.equal(report.notSent[0].diagnostic.range.start.line, 8);
      assert.match(report.notSent[0].diagnostic.message, /bse/);
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('after Send All each call shows its verdict where it is; a failed EXPECT is a problem until the next send; the results view goes to the call', async () => {
    const server = await startExampleXmlRpcServer();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-first-hour-'));
    try {
      const file = path.join(dir, 'verdicts.rpc');
      fs.writeFileSync(file, `@base = ${server.url}\n\n### Greets\nCALL {{base}} sayHi\n"phyger"\nEXPECT "Hi phyger!"\n\n### Wrong greeting\nCALL {{base}} sayHi\n"phyger"\nEXPECT "Hello phyger!"\n`);
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      const uri = editor.document.uri;
      await vscode.commands.executeCommand('rpcExplorer.sendAllRequests', uri);
      const lenses = await poll(async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return found?.some((l) => l.command?.title.startsWith('✗')) ? found : undefined;
      }, 'the verdict lenses');
      const titles = lenses.map((l) => `${l.range.start.line}:${l.command?.title}`);
      assert.ok(titles.some((t) => /^2:✓ \d+ ms$/.test(t)), titles.join(' | '));
      assert.ok(titles.some((t) => /^7:✗ expected "Hello phyger!", got "Hi phyger!"$/.test(t)), titles.join(' | '));
      const problem = await poll(() => vscode.languages.getDiagnostics(uri).find((d) => /EXPECT did not hold/.test(d.message)), 'the failed EXPECT as a problem');
      assert.equal(problem.range.start.line, 10);
      assert.equal(problem.severity, vscode.DiagnosticSeverity.Error);

      const view = new ViewHandle<ResultNode>(api, 'rpcExplorer.requestResults');
      const rows = view.getChildren();
      assert.deepEqual(rows.map((r) => (r.kind === 'call' ? `${r.verdict.label}: ${view.getTreeItem(r).description}` : '')), [
        `Greets: ${view.getTreeItem(rows[0]).description}`,
        'Wrong greeting: expected "Hello phyger!", got "Hi phyger!"',
      ]);
      assert.deepEqual(view.getChildren(rows[0]).map((r) => (r.kind === 'line' ? r.text : '')), ['"Hi phyger!"']);
      const item = view.getTreeItem(rows[1]);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.commands.executeCommand(item.command!.command, ...(item.command!.arguments ?? []));
      const opened = await poll(() => (vscode.window.activeTextEditor?.document.uri.toString() === uri.toString() ? vscode.window.activeTextEditor : undefined), 'the file to open');
      assert.equal(opened.selection.active.line, 7, 'the results view goes to the call');

      // Fixed and sent again: the problem goes.
      const edit = new vscode.WorkspaceEdit();
      edit.replace(uri, opened.document.lineAt(10).range, 'EXPECT "Hi phyger!"');
      assert.ok(await vscode.workspace.applyEdit(edit));
      const again = await vscode.commands.executeCommand<{ status: string }>('rpcExplorer.sendRequest', uri, 1);
      assert.equal(again?.status, 'ok');
      assert.ok(!vscode.languages.getDiagnostics(uri).some((d) => /EXPECT did not hold/.test(d.message)));
      await vscode.commands.executeCommand('workbench.action.files.revert');
    } finally {
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('every shipped example request file opens with no problems against its running server', async function () {
    this.timeout(180_000);
    const examples: [string, () => Promise<RunningServer>][] = [
      ['python-xmlrpc.rpc', startExampleXmlRpcServer],
      ['jsonrpc-node.rpc', startJsonRpcExampleServer],
      ['hprose-node.rpc', startHproseExampleServer],
      ['hprose-python.rpc', startHproseExampleServer],
    ];
    const shipped = fs.readdirSync(path.join(repoRoot(), 'examples')).filter((name) => name.endsWith('.rpc'));
    assert.deepEqual(shipped.sort(), examples.map(([name]) => name).sort(), 'every example is checked');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-first-hour-'));
    try {
      for (const [name, start] of examples) {
        const server = await start();
        try {
          await api.addEndpoint(server.url);
          // The example as shipped, pointed at this server's free port.
          const text = fs.readFileSync(path.join(repoRoot(), 'examples', name), 'utf8').replace(/^@base = .*$/m, `@base = ${server.url}`);
          const file = path.join(dir, name);
          fs.writeFileSync(file, text);
          const document = await vscode.workspace.openTextDocument(file);
          await vscode.window.showTextDocument(document);
          const problems = await api.checkRequestFile(document);
          assert.deepEqual(problems.map((d) => `${name}:${d.range.start.line + 1}: ${d.message}`), []);
        } finally {
          if (rpc.registry.get(server.url)) await rpc.registry.remove(server.url);
          await server.stop();
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test("a request file call's result panel shows the arguments as sent (secrets masked, the template below) and the EXPECT verdict", async () => {
    const server = await startExampleXmlRpcServer();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-first-hour-'));
    try {
      await vscode.commands.executeCommand('rpcExplorer.setRequestFileSecret', 'FIRST_HOUR_TOKEN', 's3cr3t-value');
      const file = path.join(dir, 'sent.rpc');
      fs.writeFileSync(file, `@base = ${server.url}\n@who = "phyger"\n\n### Hi\nCALL {{base}} sayHi\n{{who}}\nEXPECT "Hi phyger!"\n\n### Secret\nCALL {{base}} sayHi\n{{$secret FIRST_HOUR_TOKEN}}\nEXPECT "nope"\n`);
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file));
      const first = await vscode.commands.executeCommand<{ status: string }>('rpcExplorer.sendRequest', editor.document.uri, 0);
      assert.equal(first?.status, 'ok');
      const shown = await poll(() => (rpc.resultPanel.current?.status === 'ok' ? rpc.resultPanel.current : undefined), 'the result in the panel');
      assert.equal(shown.argsText, '"phyger"');
      assert.equal(shown.argsTemplate, '{{who}}');
      assert.deepEqual(shown.verdict, { held: true, text: 'held' });

      const second = await vscode.commands.executeCommand<{ status: string }>('rpcExplorer.sendRequest', editor.document.uri, 1);
      assert.equal(second?.status, 'fail');
      const failed = await poll(() => (rpc.resultPanel.current?.callId !== shown.callId && rpc.resultPanel.current?.status === 'ok' ? rpc.resultPanel.current : undefined), 'the second result');
      assert.equal(failed.argsText, '"***"', 'the secret is masked');
      assert.equal(failed.argsTemplate, '{{$secret FIRST_HOUR_TOKEN}}');
      assert.equal(failed.verdict?.held, false);
      assert.match(failed.verdict!.text, /^expected "nope", got /);
    } finally {
      await vscode.commands.executeCommand('rpcExplorer.setRequestFileSecret', 'FIRST_HOUR_TOKEN', '');
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a stopped local endpoint offers Start Server and Debug Server (inline and in its menu), and a failed call offers Start and Call', async function () {
    this.timeout(180_000);
    const dir = path.join(workspace, 'first_hour_stopped');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'server.py');
    // Its port in the file itself: started from the endpoint (no options), it binds the same free port again.
    const port = await freePort();
    fs.writeFileSync(file, fs.readFileSync(path.join(repoRoot(), 'examples', 'python-xmlrpc', 'server.py'), 'utf8').replace("'8889'", `'${port}'`));
    let url: string | undefined;
    try {
      const started = await api.startServer(file);
      assert.equal(started.error, undefined, started.error);
      url = started.url!;
      assert.ok(await api.stopServer({ file }));
      await poll(() => rpc.registry.get(url!)?.config.local?.running === false, 'the endpoint to show stopped');
      const node = rpc.tree.endpointNode(url)!;
      assert.equal(rpc.tree.getTreeItem(node).contextValue, 'endpoint.local.stopped');

      const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string; group?: string }[]> } };
      const onStopped = manifest.contributes.menus['view/item/context'].filter((m) => /viewItem == endpoint\.local\.stopped/.test(m.when ?? ''));
      for (const command of ['rpcExplorer.startEndpointServer', 'rpcExplorer.debugEndpointServer']) {
        assert.ok(onStopped.some((m) => m.command === command && m.group?.startsWith('inline')), `${command} inline`);
        assert.ok(onStopped.some((m) => m.command === command && !m.group?.startsWith('inline')), `${command} in the context menu`);
      }

      // Start Server on the endpoint: its file runs again at the same URL.
      const again = await vscode.commands.executeCommand<{ url?: string; error?: string }>('rpcExplorer.startEndpointServer', node);
      assert.equal(again?.error, undefined, again?.error);
      assert.equal(again?.url, url);
      assert.equal(await api.callMethod(url, 'sayHi', ['phyger']), 'Hi phyger!');
      assert.ok(await api.stopServer({ file }));
      await poll(() => rpc.registry.get(url!)?.config.local?.running === false, 'the endpoint to show stopped again');

      // A call on the stopped endpoint says what to do, and the panel's Start and Call does it.
      await assert.rejects(api.callMethod(url, 'sayHi', ['again']), /is stopped\. Start it with "Start and Call"/);
      const failed = await poll(() => (rpc.resultPanel.current?.status === 'error' ? rpc.resultPanel.current : undefined), 'the failure in the panel');
      assert.equal(failed.stoppedLocalServer, 'server.py');
      const outcome = await vscode.commands.executeCommand<{ status: string; value?: unknown }>('rpcExplorer.startServerAndCall', failed.callId);
      assert.equal(outcome?.status, 'ok', JSON.stringify(outcome));
      assert.equal(outcome?.value, 'Hi again!');
      assert.equal(rpc.registry.get(url)?.config.local?.running, true);
    } finally {
      for (const server of rpc.servers.list()) if (server.file === file) await api.stopServer({ file });
      if (url && rpc.registry.get(url)) await rpc.registry.remove(url);
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('an endpoint error: a short description, one advice row, the whole message once in the tooltip; Change Protocol… rediscovers', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const server = await startExampleXmlRpcServer();
    try {
      await rpc.registry.add({ url, protocol: 'xmlrpc' });
      const node = rpc.tree.endpointNode(url)!;
      const item = rpc.tree.getTreeItem(node);
      assert.equal(item.description, 'not reachable');
      const children = (await rpc.tree.getChildren(node)) ?? [];
      assert.equal(children.length, 1, 'one advice row');
      const row = rpc.tree.getTreeItem(children[0]);
      assert.equal((row.iconPath as vscode.ThemeIcon).id, 'lightbulb');
      const advice = String(row.label);
      assert.match(advice, /^Cannot reach http:\/\/127\.0\.0\.1:\d+ \(connection refused by 127\.0\.0\.1:\d+: is the server running\?\)\. Check the URL, then try again\.$/);
      const tooltip = (typeof item.tooltip === 'string' ? item.tooltip : (item.tooltip as vscode.MarkdownString).value).replace(/&nbsp;/g, ' ');
      assert.equal(tooltip.split('Check the URL').length - 1, 1, `the advice once in the tooltip: ${tooltip}`);
      assert.equal(tooltip.split('connection refused').length - 1, 1, `the reason once in the tooltip: ${tooltip}`);

      // The wrong protocol, then Change Protocol… on the endpoint.
      await rpc.registry.add({ url: server.url, protocol: 'jsonrpc' });
      assert.equal(rpc.registry.get(server.url)?.state.status, 'error');
      const changed = await vscode.commands.executeCommand<{ state: { status: string } }>('rpcExplorer.changeProtocol', rpc.tree.endpointNode(server.url), 'xmlrpc');
      assert.equal(changed?.state.status, 'ready');
      assert.equal(rpc.registry.get(server.url)?.config.protocol, 'xmlrpc');
      const manifest = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: { menus: Record<string, { command: string; when?: string }[]> } };
      assert.ok(manifest.contributes.menus['view/item/context'].some((m) => m.command === 'rpcExplorer.changeProtocol' && /viewItem =~ \/\^endpoint\//.test(m.when ?? '')));
    } finally {
      for (const u of [url, server.url]) if (rpc.registry.get(u)) await rpc.registry.remove(u);
      await server.stop();
    }
  });

  test('a server without introspection: a question icon, not an error; a successful call by name adds the method to the tree', async () => {
    const server = await startOriginXmlRpcServer();
    try {
      await rpc.registry.add({ url: server.url, protocol: 'xmlrpc' });
      const state = rpc.registry.get(server.url)?.state;
      assert.equal(state?.status === 'error' && state.kind, 'no-introspection');
      assert.notEqual((rpc.tree.getTreeItem(rpc.tree.endpointNode(server.url)!).iconPath as vscode.ThemeIcon).id, 'error');
      assert.equal(await api.callMethod(server.url, 'sayHi', ['phyger']), 'Hi phyger!');
      const methods = await poll(async () => {
        const rows = (await rpc.tree.getChildren(rpc.tree.endpointNode(server.url)!)) ?? [];
        const found = rows.filter((r) => r.kind === 'method');
        return found.length ? found : undefined;
      }, 'sayHi in the tree after the call');
      const item = rpc.tree.getTreeItem(methods[0]);
      assert.equal(item.label, 'sayHi');
      assert.match(String(item.description), /called by name/);
      // A failed call by name adds nothing.
      await api.callMethod(server.url, 'noSuchMethod', []).catch(() => undefined);
      assert.deepEqual(rpc.registry.methodsOf(server.url).map((m) => m.name), ['sayHi']);
    } finally {
      if (rpc.registry.get(server.url)) await rpc.registry.remove(server.url);
      await server.stop();
    }
  });

  test('Rename Endpoint: the name is the label and the URL the description; a settings name is used whenever it exists and followed at once', async () => {
    const byHand = await startExampleXmlRpcServer();
    const shared = await startExampleXmlRpcServer();
    const setEndpoints = (value: unknown) => vscode.workspace.getConfiguration().update('rpcExplorer.endpoints', value, vscode.ConfigurationTarget.Workspace);
    const labelOf = (url: string) => {
      const node = rpc.tree.endpointNode(url);
      const item = node && rpc.tree.getTreeItem(node);
      return item ? `${typeof item.label === 'string' ? item.label : item.label?.label} | ${item.description}` : undefined;
    };
    try {
      await api.addEndpoint(byHand.url);
      assert.equal(await vscode.commands.executeCommand('rpcExplorer.renameEndpoint', rpc.tree.endpointNode(byHand.url), 'Greeter'), 'Greeter');
      assert.equal(labelOf(byHand.url), `Greeter | ${byHand.url} · XML-RPC`);
      await vscode.commands.executeCommand('rpcExplorer.renameEndpoint', byHand.url, '');
      assert.equal(labelOf(byHand.url), `${byHand.url} | XML-RPC`, 'an empty name goes back to the URL');

      // Added by hand and listed in the setting with a name: the setting's name is the label.
      await api.addEndpoint(shared.url);
      await setEndpoints([{ url: shared.url, name: 'Shared greeter' }]);
      await poll(() => labelOf(shared.url)?.startsWith('Shared greeter |'), 'the settings name as the label', 10_000);
      await rpc.registry.remove(shared.url);
      assert.ok(labelOf(shared.url)?.startsWith('Shared greeter |'), 'still named once the hand-added copy is gone');
      await setEndpoints([{ url: shared.url, name: 'Renamed in settings' }]);
      await poll(() => labelOf(shared.url)?.startsWith('Renamed in settings |'), 'the label to follow the setting at once', 10_000);
    } finally {
      await setEndpoints(undefined);
      for (const url of [byHand.url, shared.url]) if (rpc.registry.get(url)) await rpc.registry.remove(url);
      await byHand.stop();
      await shared.stop();
    }
  });

  test('Call History from an endpoint lists every call, that endpoint\'s first', async () => {
    const a = await startExampleXmlRpcServer();
    const b = await startExampleXmlRpcServer();
    try {
      await api.addEndpoint(a.url);
      await api.addEndpoint(b.url);
      await api.callMethod(a.url, 'sayHi', ['a'], { showPanel: false });
      await api.callMethod(b.url, 'sayHi', ['b'], { showPanel: false });
      await poll(() => rpc.history.entries(b.url).length > 0 && rpc.history.entries(a.url).length > 0, 'both calls in the history');
      // Call History from an endpoint lists its calls first, then every other call: nothing is filtered out.
      const first = rpc.history.entries(a.url);
      const others = rpc.history.entries().filter((e) => e.endpointUrl !== a.url);
      assert.ok(first.length > 0 && first.every((e) => e.endpointUrl === a.url));
      assert.ok(others.some((e) => e.endpointUrl === b.url), 'the other endpoint\'s calls are listed too');
      assert.equal(first.length + others.length, rpc.history.entries().length, 'nothing is filtered out');
    } finally {
      for (const url of [a.url, b.url]) if (rpc.registry.get(url)) await rpc.registry.remove(url);
      await a.stop();
      await b.stop();
    }
  });

  test('Open as JSON is a read-only virtual document; Add to Request File… goes into a workspace .rpc file and says where', async () => {
    const server = await startExampleXmlRpcServer();
    const dir = path.join(workspace, 'first_hour_requests');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, 'scratch.rpc');
    fs.writeFileSync(file, `### Existing\nCALL ${server.url} sayHi\n"x"\n`);
    try {
      await api.addEndpoint(server.url);
      await api.callMethod(server.url, 'sayHi', ['json'], { showPanel: true });
      await poll(() => (rpc.resultPanel.current?.status === 'ok' ? rpc.resultPanel.current : undefined), 'the result in the panel');
      const untitledBefore = vscode.workspace.textDocuments.filter((d) => d.isUntitled).length;
      const json = await rpc.resultPanel.openAsJson();
      assert.ok(json);
      assert.notEqual(json.document.uri.scheme, 'untitled');
      assert.equal(json.document.languageId, 'json');
      assert.equal(json.document.getText(), '"Hi json!"');
      assert.equal(json.document.isDirty, false, 'nothing asks to be saved');
      assert.equal(vscode.workspace.textDocuments.filter((d) => d.isUntitled).length, untitledBefore, 'no untitled buffer');
      assert.equal(json.document.uri.scheme, 'rpc-result', 'a virtual (read-only) document');

      const sayHi = (await rpc.tree.getChildren(rpc.tree.endpointNode(server.url)))!.find((n) => n.kind === 'method' && n.method.name === 'sayHi')!;
      const editor = await vscode.commands.executeCommand<vscode.TextEditor>('rpcExplorer.addToRequestFile', sayHi, vscode.Uri.file(file));
      assert.ok(editor);
      assert.equal(editor.document.uri.fsPath, file);
      assert.match(editor.document.getText(), /^### Existing\nCALL .* sayHi\n"x"\n\n### sayHi\n# @protocol xmlrpc\nCALL .* sayHi\n/, 'added after the call already there');
      await editor.document.save();
    } finally {
      if (rpc.registry.get(server.url)) await rpc.registry.remove(server.url);
      await server.stop();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
