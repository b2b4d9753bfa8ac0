// The call form in the real extension host, against the jayson example (OpenRPC with an enum, a nested object and
// a password): the tree's label, the request-file template and the form's tabs all come from the one method shape.
// Filling the form's widgets is the UI test's part (test/ui/callForm.ui.mjs): the webview's DOM is out of reach here.
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import type { RpcExplorerApi } from '../../src/extension';
import { ACTIVATE_METHOD_COMMAND, type ExplorerNode, type MethodNode } from '../../src/explorer/methodTree';
import { startJsonRpcExampleServer, type RunningServer } from '../support/servers';
import { EXTENSION_ID, poll } from './helpers';
import { testHandle, type TestHandle } from './support/handle';

let api: RpcExplorerApi;
let rpc: TestHandle;
let server: RunningServer;

function formTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('rpcExplorer.callForm'));
}

async function methodNode(url: string, name: string): Promise<MethodNode> {
  const endpoint = rpc.tree.endpointNode(url);
  assert.ok(endpoint, `${url} is in the tree`);
  const nodes: ExplorerNode[] = (await rpc.tree.getChildren(endpoint)) ?? [];
  const node = nodes.find((n): n is MethodNode => n.kind === 'method' && n.method.name === name);
  assert.ok(node, `${name} under ${url}`);
  return node;
}

suite('Call form', function () {
  this.timeout(60_000);

  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    rpc = testHandle(api);
    server = await startJsonRpcExampleServer();
    await api.addEndpoint(server.url);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await rpc.registry.remove(server.url);
    await server.stop();
  });

  test('the tree and the request-file template read the method shape: names, enum choices, nested fields', async () => {
    const book = rpc.tree.getTreeItem(await methodNode(server.url, 'book'));
    assert.equal(book.description, '(room: "red" | "blue", nights: integer, guest: {name, vip?}) → string');
    assert.equal(rpc.tree.getTreeItem(await methodNode(server.url, 'add')).description, '(a: number, b: number) → number');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor | undefined>('rpcExplorer.addToRequestFile', await methodNode(server.url, 'book'), 'new');
    assert.ok(editor);
    assert.match(editor.document.getText(), /"red", 1, \{"name": "name", "vip": false\}/);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('a double-click on a method opens its form; opening it again focuses the same form; the command takes (url, method)', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    const node = await methodNode(server.url, 'book');
    // Two activations in a row are a double-click.
    await vscode.commands.executeCommand(ACTIVATE_METHOD_COMMAND, node);
    await vscode.commands.executeCommand(ACTIVATE_METHOD_COMMAND, node);
    await poll(() => formTabs().length === 1, 'the form of book');
    assert.equal(formTabs()[0].label, 'Call book');
    await vscode.commands.executeCommand('rpcExplorer.openCallForm', server.url, 'login');
    await poll(() => formTabs().length === 2, 'the form of login');
    // Enter on the tree's selection and the command again: the same two forms, book's in front.
    await vscode.commands.executeCommand('rpcExplorer.openCallForm', node);
    await poll(() => formTabs().find((t) => t.isActive)?.label === 'Call book', 'the form of book in front');
    assert.equal(formTabs().length, 2);
    const forms = await api.openCallForm(server.url, 'book');
    assert.deepEqual(forms.openForms().sort(), [`${server.url}|book`, `${server.url}|login`]);
  });
});
