// "Copy Call As…" in the real host: from a method node of the explorer (the context-menu command and its quick pick)
// the snippet lands on the clipboard, with the last arguments used for the method; secret headers stay references.
import * as assert from 'assert/strict';
import * as vscode from 'vscode';
import { buildSnippet } from '../../src/core/snippets';
import type { RpcExplorerApi } from '../../src/extension';
import type { ExplorerNode, MethodNode } from '../../src/explorer/methodTree';
import { startXmlRpcServer, type RunningServer } from '../support/servers';
import { EXTENSION_ID, poll } from './helpers';
import { testHandle, type TestHandle } from './support/handle';

suite('Copy Call As', function () {
  this.timeout(90_000);
  let api: RpcExplorerApi;
  let rpc: TestHandle;
  let server: RunningServer;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    rpc = testHandle(api);
    server = await startXmlRpcServer({ introspection: true });
    await api.addEndpoint(server.url, { protocol: 'xmlrpc' });
  });

  suiteTeardown(async () => {
    await server?.stop();
  });

  async function methodNode(name: string): Promise<MethodNode> {
    const endpoint = rpc.tree.endpointNode(server.url);
    assert.ok(endpoint, `${server.url} is in the tree`);
    const nodes: ExplorerNode[] = (await rpc.tree.getChildren(endpoint)) ?? [];
    const node = nodes.find((n): n is MethodNode => n.kind === 'method' && n.method.name === name);
    assert.ok(node, `${name} under ${server.url}`);
    return node;
  }

  test('from a method node: curl with the last arguments goes to the clipboard', async () => {
    await api.callMethod(server.url, 'sayHi', '"Python测试和开发"', { showPanel: false });
    await poll(() => rpc.history.lastArgs(server.url, 'sayHi') === '"Python测试和开发"' || undefined, 'the arguments remembered');
    await vscode.env.clipboard.writeText('');
    const node = await methodNode('sayHi');
    const running = vscode.commands.executeCommand('rpcExplorer.copyCallAs', node);
    // The quick pick opens with curl first: accept it as a user pressing Enter would.
    const copied = await poll(async () => {
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      const text = await vscode.env.clipboard.readText();
      return text !== '' ? text : undefined;
    }, 'the snippet on the clipboard');
    await running;
    const url = rpc.registry.callUrl(server.url);
    assert.equal(copied, buildSnippet('curl', { url, protocol: 'xmlrpc', method: 'sayHi', args: ['Python测试和开发'] }));
    assert.match(copied, /^curl .*--data-binary '<\?xml/s);
    assert.ok(copied.includes('Python测试和开发'));
  });

  test('the API copies a Python snippet; a secret header is an environment reference, never its value', async () => {
    await api.setHeader(server.url, 'Authorization', 'Bearer suite-secret-4242');
    try {
      const text = await api.copyCallAs(server.url, 'echo', [{ $base64: 'aGk=' }], 'python');
      assert.equal(await vscode.env.clipboard.readText(), text);
      assert.ok(!text.includes('suite-secret-4242'), text);
      assert.match(text, /os\.environ\['RPC_HEADER_AUTHORIZATION'\]/);
      assert.match(text, /xmlrpc\.client\.Binary\(base64\.b64decode\('aGk='\)\)/);
    } finally {
      await api.setHeader(server.url, 'Authorization', '');
    }
  });
});
