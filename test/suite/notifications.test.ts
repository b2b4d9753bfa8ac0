// WebSocket endpoints in the real host: a ws:// endpoint in the tree with its connection state, a call, the
// notifications in the Notifications view (which shows itself), a subscription with Unsubscribe, and a burst into a
// small ring buffer with its "N older dropped" row. The peer is test/fixtures/ws_jsonrpc_server.py.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { CallOutcome, RunReport } from '../../src/requestFiles';
import type { RpcExplorerApi } from '../../src/extension';
import type { NotificationNode } from '../../src/notifications/notificationsView';
import { startPythonWebSocketServer, type WebSocketServer } from '../support/webSocketServers';
import { EXTENSION_ID, poll } from './helpers';
import { testHandle, ViewHandle, type TestHandle } from './support/handle';

suite('WebSocket notifications', function () {
  this.timeout(120_000);
  let api: RpcExplorerApi;
  let rpc: TestHandle;
  let server: WebSocketServer;

  suiteSetup(async () => {
    const extension = vscode.extensions.getExtension<RpcExplorerApi>(EXTENSION_ID);
    assert.ok(extension);
    api = await extension.activate();
    rpc = testHandle(api);
    server = await startPythonWebSocketServer();
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('rpcExplorer.notifications').update('bufferSize', undefined, vscode.ConfigurationTarget.Global);
    await rpc?.registry.remove(server.url);
    await server?.stop();
  });

  const view = () => new ViewHandle<NotificationNode>(api, 'rpcExplorer.notifications');
  const children = async (node?: NotificationNode) => view().getChildren(node);
  const endpointNode = (): NotificationNode => ({ kind: 'endpoint', endpoint: server.url });

  test('a ws:// endpoint is discovered over the socket and its node shows the connection state', async () => {
    const endpoint = await api.addEndpoint(server.url);
    assert.equal(endpoint.state.status, 'ready', JSON.stringify(endpoint.state));
    assert.ok(rpc.registry.methodsOf(server.url).some((m) => m.name === 'subscribe'));
    const node = rpc.tree.endpointNode(server.url);
    assert.ok(node);
    const item = await poll(() => {
      const shown = rpc.tree.getTreeItem(node);
      return String(shown.description).includes('connected') ? shown : undefined;
    }, 'the connected state on the endpoint node');
    assert.match(String(item.description), /JSON-RPC · connected/);
  });

  test('notifications before and after the answer appear in the view, which shows itself', async () => {
    assert.equal(await api.callMethod(server.url, 'notify', ['progress', 6], { showPanel: false }), 6);
    await poll(() => (api.notificationsOf(server.url)?.shown.length ?? 0) >= 6 || undefined, 'six notifications in the store');
    await poll(() => view().visible || undefined, 'the Notifications view showing itself');
    const rows = await children(endpointNode());
    const messages = rows.filter((row): row is NotificationNode & { kind: 'message' } => row.kind === 'message');
    assert.deepEqual(messages.map((row) => row.item.params), [5, 4, 3, 2, 1, 0].map((n) => ({ n })), 'newest first');
    const item = view().getTreeItem(messages[0]);
    assert.equal(item.label, 'progress');
    assert.match(String(item.description), /^\d\d:\d\d:\d\d\.\d{3} {2}\{"n":5\}$/);
    const params = await children(messages[0]);
    assert.deepEqual(params.map((row) => row.kind === 'value' && [row.key, row.value]), [['n', 5]]);
  });

  test('a call shows the notifications that arrived while it ran beside its result', async () => {
    assert.equal(await api.callMethod(server.url, 'notify', ['during', 4], { showPanel: true }), 4);
    const view = await poll(() => (rpc.resultPanel.current?.method === 'notify' && rpc.resultPanel.current.status === 'ok' ? rpc.resultPanel.current : undefined), 'the result on the panel');
    // The server sends half before its answer: those arrived during the call.
    assert.equal(view.notifications?.count, 2);
    assert.deepEqual(view.notifications?.items.map((n) => [n.method, n.params]), [['during', { n: 0 }], ['during', { n: 1 }]]);
  });

  test('a subscription groups its notifications, and Unsubscribe calls the server', async () => {
    const id = await api.callMethod(server.url, 'subscribe', ['news'], { showPanel: false });
    assert.match(String(id), /^sub-\d+$/);
    const subscription = await poll(async () => {
      const rows = await children(endpointNode());
      const found = rows.find((row): row is NotificationNode & { kind: 'subscription' } => row.kind === 'subscription' && row.subscription.id === id);
      return found && found.subscription.count === 3 ? found : undefined;
    }, 'the subscription with its three notifications');
    assert.equal(subscription.unsubscribe, 'unsubscribe');
    assert.equal(view().getTreeItem(subscription).contextValue, 'notificationSubscription.unsubscribable');
    const grouped = await children(subscription);
    assert.equal(grouped.length, 3);
    await vscode.commands.executeCommand('rpcExplorer.notifications.unsubscribe', subscription);
    const rows = await children(endpointNode());
    assert.ok(!rows.some((row) => row.kind === 'subscription' && row.subscription.id === id), 'the group is gone');
    // The server ended it: a second unsubscribe finds nothing to end.
    assert.equal(await api.callMethod(server.url, 'unsubscribe', [id], { showPanel: false }), false);
  });

  test('a burst into a small buffer keeps the newest, shows how many older were dropped, and lists the newest 500', async () => {
    await vscode.workspace.getConfiguration('rpcExplorer.notifications').update('bufferSize', 800, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('rpcExplorer.notifications.clear');
    assert.equal(await api.callMethod(server.url, 'burst', [2000, 2000], { showPanel: false }), 2000);
    await poll(() => (api.notificationsOf(server.url)?.total ?? 0) >= 2000 || undefined, 'the whole burst');
    const entry = api.notificationsOf(server.url)!;
    assert.equal(entry.shown.length, 800);
    assert.equal(entry.dropped, 1200);
    const rows = await children(endpointNode());
    assert.equal(rows[0].kind, 'dropped');
    assert.equal(view().getTreeItem(rows[0]).label, '1200 older notifications dropped');
    // The buffer keeps 800; the view lists the newest 500 and says how many more the buffer holds.
    const messages = rows.filter((row) => row.kind === 'message');
    assert.equal(messages.length, 500);
    assert.deepEqual(messages[0].kind === 'message' && messages[0].item.params, { n: 1999 });
    const last = rows[rows.length - 1];
    assert.equal(last.kind, 'unlisted');
    assert.equal(view().getTreeItem(last).label, '300 older notifications not listed');
  });

  test('a request file Send to a ws:// endpoint shows the notifications that arrived during the call beside its result', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, 'ws-send.rpc');
    fs.writeFileSync(file, `### Notify\nCALL ${server.url} notify\n"sent", 4\nEXPECT NOTIFICATIONS sent 4\n`);
    try {
      const uri = vscode.Uri.file(file);
      await vscode.window.showTextDocument(uri);
      const outcome = await vscode.commands.executeCommand<CallOutcome>('rpcExplorer.sendRequest', uri, 0);
      assert.equal(outcome.status, 'ok', outcome.message);
      const view = await poll(() => (rpc.resultPanel.current?.method === 'notify' && rpc.resultPanel.current.status === 'ok' ? rpc.resultPanel.current : undefined), 'the result on the panel');
      assert.equal(view.verdict?.held, true);
      // The server sends two before its answer and two after; the EXPECT waits for all four, and they are all shown.
      assert.equal(view.notifications?.count, 4);
      assert.deepEqual(view.notifications?.items.map((n) => [n.method, n.params]), [0, 1, 2, 3].map((n) => ['sent', { n }]));
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(file, { force: true });
    }
  });

  test('a request file batch: the ▷ Send Batch lens on its first call sends it as one request', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri.fsPath;
    const file = path.join(folder, 'ws-batch.rpc');
    fs.writeFileSync(
      file,
      `### Adds\n# @batch pair\nCALL ${server.url} add\n1, 2\nEXPECT 3\n\n### Echoes\n# @batch pair\nCALL ${server.url} echo\n"e"\nEXPECT "e"\n\n### Ticks\n# @batch pair\nCALL ${server.url} notify\n"batched", 2\nEXPECT NOTIFICATIONS batched 2\n`,
    );
    try {
      const uri = vscode.Uri.file(file);
      await vscode.window.showTextDocument(uri);
      const lenses = await poll(async () => {
        const found = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return found?.some((lens) => lens.command?.title === '▷ Send Batch') ? found : undefined;
      }, 'the Send Batch lens');
      const batchLens = lenses.find((lens) => lens.command?.title === '▷ Send Batch')!;
      assert.equal(batchLens.range.start.line, 0, 'on the batch\'s first call');
      assert.equal(lenses.filter((lens) => lens.command?.title === '▷ Send Batch').length, 1);
      const report = await vscode.commands.executeCommand<RunReport>(batchLens.command!.command, ...(batchLens.command!.arguments ?? []));
      assert.deepEqual(report.outcomes.map((o) => [o.label, o.status, o.result]), [['Adds', 'ok', 3], ['Echoes', 'ok', 'e'], ['Ticks', 'ok', 2]]);
      assert.deepEqual(report.outcomes[2].notifications?.items.map((n) => n.method), ['batched', 'batched']);
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(file, { force: true });
    }
  });
});
