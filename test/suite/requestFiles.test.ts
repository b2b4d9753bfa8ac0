// Request files (.rpc) in the real extension host, against the Python XML-RPC example on a free loopback port:
// CodeLens, Send into the RPC Result panel, completion from discovery (timed for the bench), a diagnostic for a
// method the server lacks, and "New Request File" producing a file `rpc-explorer run` passes.
import * as assert from 'assert/strict';
import { execFile } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { RpcExplorerApi } from '../../src/extension';
import { repoRoot, startExampleXmlRpcServer, type RunningServer } from '../support/servers';
import { EXTENSION_ID, poll } from './helpers';
import { recordBenchFigure } from '../support/benchFigures';
import { testHandle, type TestHandle } from './support/handle';

let api: RpcExplorerApi;
let rpc: TestHandle;
let server: RunningServer;
let folder: string;

async function openRpc(name: string, text: string): Promise<vscode.TextEditor> {
  const file = path.join(folder, name);
  fs.writeFileSync(file, text);
  const document = await vscode.workspace.openTextDocument(file);
  assert.equal(document.languageId, 'rpc');
  return vscode.window.showTextDocument(document);
}

function runCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(repoRoot(), 'dist', 'cli.js'), ...args], { timeout: 60_000, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

suite('Request files in the editor', function () {
  this.timeout(90_000);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    rpc = testHandle(api);
    server = await startExampleXmlRpcServer();
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-request-files-'));
    const endpoint = await api.addEndpoint(server.url);
    assert.equal(endpoint.state.status, 'ready', JSON.stringify(endpoint.state));
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const endpoint of [...rpc.registry.list()]) await rpc.registry.remove(endpoint.config.url);
    await server?.stop();
    fs.rmSync(folder, { recursive: true, force: true });
  });

  test('a .rpc file has Send above each call and Send All on the first; Send shows the result and its EXPECT verdict', async () => {
    const editor = await openRpc('hello.rpc', `@base = ${server.url}\n\n### Say hi\nCALL {{base}} sayHi\n"phyger"\nEXPECT "Hi phyger!"\n\n### Again\nCALL {{base}} sayHi\n"x"\n`);
    const lenses = await poll(async () => {
      const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri);
      return found?.length ? found : undefined;
    }, 'code lenses');
    assert.deepEqual(lenses.map((l) => `${l.range.start.line}:${l.command?.title}`), ['2:▷ Send', '2:▷ Send All', '2:Open in the Call Form', '7:▷ Send', '7:Open in the Call Form']);
    // The call in its method's form, with its arguments ("x"): the form opens as an editor tab.
    const formLens = lenses[4];
    assert.deepEqual(formLens.command!.arguments, [server.url, 'sayHi', '"x"']);
    await vscode.commands.executeCommand(formLens.command!.command, ...(formLens.command!.arguments ?? []));
    const formTabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('rpcExplorer.callForm'));
    await poll(() => (formTabs().length ? true : undefined), 'the call form of sayHi');
    await vscode.window.tabGroups.close(formTabs());
    await vscode.window.showTextDocument(editor.document);
    const outcome = await vscode.commands.executeCommand<{ status: string; result?: unknown }>(lenses[0].command!.command, ...(lenses[0].command!.arguments ?? []));
    assert.equal(outcome?.status, 'ok', JSON.stringify(outcome));
    const shown = await poll(() => (rpc.resultPanel.current?.status === 'ok' ? rpc.resultPanel.current : undefined), 'the result in the panel');
    assert.equal(shown.value, 'Hi phyger!');
    assert.equal(shown.method, 'sayHi');
  });

  test('completion offers the discovered methods after the URL (timed for the bench)', async () => {
    const editor = await openRpc('complete.rpc', `### Call\nCALL ${server.url} \n`);
    const position = new vscode.Position(1, editor.document.lineAt(1).text.length);
    // The workbench asks every completion provider (its word-based one starts a web worker on first use): the first
    // requests are recorded apart as cold, the next ones are what typing in the file costs.
    const times: number[] = [];
    let labels: string[];
    for (let i = 0; i < 12; i++) {
      const started = performance.now();
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, position, ' ');
      times.push(Math.round((performance.now() - started) * 10) / 10);
      labels = list.items.map((item) => (typeof item.label === 'string' ? item.label : item.label.label));
      for (const method of ['sayHi', 'system.listMethods', 'system.methodHelp']) assert.ok(labels.includes(method), `${method} in ${labels.join(', ')}`);
    }
    console.log(`      completion: first ${times[0]} ms, then ${times.slice(2).join(', ')} ms`);
    recordBenchFigure('completion', { key: 'requestFile.completion_ms', samples_ms: times.slice(2), cold_ms: times.slice(0, 2), at: new Date().toISOString(), host: `${vscode.env.appName} ${vscode.version}` });
  });

  test('a method the discovered server does not have is a diagnostic; a file with an error sends nothing', async () => {
    const editor = await openRpc('unknown.rpc', `### Nope\nCALL ${server.url} sayHello\n"x"\n\n### Broken\nCALL ${server.url} sayHi\n{{nowhere}}\n`);
    const diagnostics = await poll(() => {
      const found = vscode.languages.getDiagnostics(editor.document.uri);
      return found.some((d) => d.message.includes('sayHello')) && found.some((d) => d.message.includes('nowhere')) ? found : undefined;
    }, 'the diagnostics');
    const unknown = diagnostics.find((d) => d.message.includes('sayHello'))!;
    assert.equal(unknown.range.start.line, 1);
    assert.match(unknown.message, /no method "sayHello"/);
    const before = rpc.resultPanel.current?.callId;
    const outcome = await vscode.commands.executeCommand('rpcExplorer.sendRequest', editor.document.uri, 1);
    assert.equal(outcome, undefined);
    assert.equal(rpc.resultPanel.current?.callId, before);
  });

  test('"New Request File" on the endpoint writes every method with the last arguments: rpc-explorer run passes it', async () => {
    for (const [method, args] of [['sayHi', '"file"'], ['system.methodHelp', '"sayHi"'], ['system.methodSignature', '"sayHi"'], ['system.multicall', '[]']] as const) {
      await api.callMethod(server.url, method, args, { showPanel: false });
      await poll(() => rpc.history.lastArgs(server.url, method) === args, `the last arguments of ${method}`);
    }
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('rpcExplorer.newRequestFile', rpc.tree.endpointNode(server.url));
    assert.ok(editor);
    const text = editor.document.getText();
    assert.match(text, /CALL \{\{base\}\} sayHi\n"file"/);
    assert.match(editor.document.lineAt(editor.selection.active.line).text, /^(### |CALL )/);
    const file = path.join(folder, 'new.rpc');
    fs.writeFileSync(file, text);
    const run = await runCli(['run', file]);
    assert.equal(run.code, 0, `${run.stdout}${run.stderr}\n--- file:\n${text}`);
    assert.match(run.stdout, /✓ sayHi/);
  });
});
