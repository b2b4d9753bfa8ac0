// The packaged .vsix, installed with `code-server --install-extension`, is complete and activates.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'rpc-explorer.rpc-explorer';

suite('Installed .vsix', () => {
  function installed(): vscode.Extension<unknown> {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not installed`);
    return ext;
  }

  test('is loaded from the extensions dir, not from the checkout', () => {
    const extensionsDir = process.env.RPC_EXPLORER_TEST_EXTENSIONS_DIR;
    assert.ok(extensionsDir, 'RPC_EXPLORER_TEST_EXTENSIONS_DIR reaches the extension host');
    const where = fs.realpathSync(installed().extensionPath);
    assert.ok(where.startsWith(fs.realpathSync(extensionsDir) + path.sep), `loaded from ${where}`);
  });

  test('ships the bundle and no sources, tests or maps', () => {
    const root = installed().extensionPath;
    assert.ok(fs.existsSync(path.join(root, 'dist', 'extension.js')), 'dist/extension.js');
    for (const unwanted of ['src', 'test', 'out', 'node_modules', 'scripts', 'dist/extension.js.map']) {
      assert.equal(fs.existsSync(path.join(root, unwanted)), false, `${unwanted} must not be packaged`);
    }
  });

  test('activates and registers its commands', async () => {
    const ext = installed();
    await ext.activate();
    assert.equal(ext.isActive, true);
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (ext.packageJSON as { contributes: { commands: { command: string }[] } }).contributes.commands;
    const missing = contributed.map((c) => c.command).filter((id) => !registered.has(id));
    assert.deepEqual(missing, [], `contributed commands without a handler: ${missing.join(', ')}`);
  });
});
