// The harness's own tests: the extension loads in a real extension host and its contributions are live.
// They must not know which VS Code runs them (code-server or desktop through @vscode/test-electron).
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

interface Manifest {
  contributes: {
    viewsContainers: { activitybar: { id: string }[] };
    views: Record<string, { id: string }[]>;
    commands: { command: string }[];
  };
}

function extension(): vscode.Extension<unknown> {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `${EXTENSION_ID} is not loaded in this extension host`);
  return ext;
}

suite('Extension host harness', () => {
  test('reports the extension host it runs in', () => {
    // Logged for people reading CI output: which Node and which VS Code host ran the suite.
    console.log(
      `extension host: node ${process.version}, vscode ${vscode.version}, appHost ${vscode.env.appHost}, ` +
        `appName ${vscode.env.appName}, uiKind ${vscode.UIKind[vscode.env.uiKind]}, remote ${vscode.env.remoteName ?? 'none'}`,
    );
    assert.match(process.version, /^v\d+\./);
    assert.ok(vscode.env.appHost.length > 0);
  });

  test('opens the test workspace (a copy of examples/)', () => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    assert.equal(folders.length, 1, 'exactly one workspace folder');
    const expected = process.env.RPC_EXPLORER_TEST_WORKSPACE;
    assert.ok(expected, 'RPC_EXPLORER_TEST_WORKSPACE reaches the extension host');
    assert.equal(fs.realpathSync(folders[0].uri.fsPath), fs.realpathSync(expected));
    assert.ok(fs.existsSync(path.join(expected, 'examples')), 'the workspace holds examples/');
  });

  test('activates', async () => {
    const ext = extension();
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  test('registers its view container and view', async () => {
    const manifest = extension().packageJSON as Manifest;
    assert.deepEqual(manifest.contributes.viewsContainers.activitybar.map((c) => c.id), ['rpcExplorer']);
    assert.deepEqual(manifest.contributes.views.rpcExplorer.map((v) => v.id), ['rpcExplorer.methods', 'rpcExplorer.notifications', 'rpcExplorer.requestResults']);
    // The workbench derives these commands from the registered container and view: they exist only if both do.
    const commands = await vscode.commands.getCommands(false);
    assert.ok(commands.includes('workbench.view.extension.rpcExplorer'), 'view container command');
    assert.ok(commands.includes('rpcExplorer.methods.focus'), 'view focus command');
    // The workbench keeps a hidden tree's focus on a node an earlier suite removed, and throws "Data tree node not
    // found" while it opens the view again: the view then shows the current tree, and a second open succeeds.
    const open = async () => {
      await vscode.commands.executeCommand('workbench.view.extension.rpcExplorer');
      await vscode.commands.executeCommand('rpcExplorer.methods.focus');
    };
    await open().catch((error: Error) => (/Data tree node not found/.test(error.message) ? open() : Promise.reject(error)));
  });

  test('registers a handler for every contributed command', async () => {
    await extension().activate();
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (extension().packageJSON as Manifest).contributes.commands.map((c) => c.command);
    const missing = contributed.filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed commands without a handler: ${missing.join(', ')}`);
  });
});
