// Records what a file that serves no RPC costs the extension host (issue #17), for `npm run bench`
// (activation.non_server_file_ms, read from test-results/non-server-files.json): 20 Python files without a server are
// opened and their code lenses asked for, as the editor does, and the host's CPU time is taken around each; the same
// for 20 plain-text files (no provider of ours) is the control. The figure is recorded, never asserted: budgets
// belong to the benchmark.
import * as assert from 'assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { EXTENSION_ID } from './helpers';

const FILES = 20;

/** A Python module as most are: imports, a class, functions — nothing that serves RPC. */
function plainPython(i: number): string {
  const lines = ['import json', 'import os', 'from dataclasses import dataclass', '', '', '@dataclass', `class Record${i}:`, '    name: str', '    size: int = 0', ''];
  for (let f = 0; f < 40; f++) lines.push('', `def helper_${i}_${f}(path, limit=${f}):`, `    """Reads ${f} entries."""`, '    with open(path) as handle:', '        return json.load(handle)[:limit] or os.getcwd()', '');
  return lines.join('\n');
}

/** Host CPU milliseconds (user + system) taken by opening `uri` and answering its code lenses. */
async function hostCpuToOpen(uri: vscode.Uri): Promise<number> {
  const before = process.cpuUsage();
  const document = await vscode.workspace.openTextDocument(uri);
  await vscode.commands.executeCommand('vscode.executeCodeLensProvider', document.uri);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

suite('Files that serve no RPC (for the benchmark)', function () {
  this.timeout(120_000);

  test('records the host CPU time of opening 20 Python files without a server, and of 20 text files', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext);
    await ext.activate();
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'rpc-explorer-non-server-'));
    try {
      // The first document of a session costs the host something whatever its language: paid before timing.
      const warmUp = path.join(scratch, 'warm-up.txt');
      fs.writeFileSync(warmUp, 'warm-up\n');
      await hostCpuToOpen(vscode.Uri.file(warmUp));
      const python: number[] = [];
      const text: number[] = [];
      for (let i = 0; i < FILES; i++) {
        const py = path.join(scratch, `module_${i}.py`);
        const txt = path.join(scratch, `notes_${i}.txt`);
        fs.writeFileSync(py, plainPython(i));
        fs.writeFileSync(txt, plainPython(i));
        // Alternate, so a drift in the host's load hits both alike.
        python.push(await hostCpuToOpen(vscode.Uri.file(py)));
        text.push(await hostCpuToOpen(vscode.Uri.file(txt)));
      }
      const record = {
        key: 'activation.non_server_file_ms',
        non_server_file_ms: Number(Math.max(0, median(python) - median(text)).toFixed(2)),
        python_ms: Number(median(python).toFixed(2)),
        control_text_ms: Number(median(text).toFixed(2)),
        // The first Python file of the session: what loading anything for it (a parser) costs, which a median hides.
        first_file_ms: Number(Math.max(0, python[0] - median(text)).toFixed(2)),
        samples_python_ms: python.map((x) => Number(x.toFixed(2))),
        samples_text_ms: text.map((x) => Number(x.toFixed(2))),
        note: `host CPU per file (median of ${FILES}): a Python file without a server minus a plain-text file, opened and its code lenses asked for`,
        loadavg: os.loadavg().map((x) => Number(x.toFixed(2))),
        host: `${vscode.env.appName} ${vscode.version}, node ${process.version}`,
        at: new Date().toISOString(),
      };
      console.log(`      non_server_file_ms ${record.non_server_file_ms} (python ${record.python_ms}, text ${record.control_text_ms})`);
      const dir = path.join(ext.extensionPath, 'test-results');
      fs.mkdirSync(dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'non-server-files.json'), JSON.stringify(record, null, 2) + '\n');
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      fs.rmSync(scratch, { recursive: true, force: true });
    }
  });
});
