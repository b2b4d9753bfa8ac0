// The look at a file's text that spares files serving no RPC the source model's parsers (the code lenses ask it
// first): it may say "scan" for a file that is no server, never "skip" for one the scanners recognise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { mayServeRpc, scanServerSource, sourceLanguageOf } from '../../src/sourceModel';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Every Python, JavaScript and TypeScript file of the fixtures and examples: servers, clients and helpers. */
function sourceFiles(): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory() && entry.name !== 'node_modules') walk(file);
      else if (entry.isFile() && sourceLanguageOf(entry.name)) found.push(file);
    }
  };
  walk(path.join(ROOT, 'test', 'fixtures'));
  walk(path.join(ROOT, 'examples'));
  return found;
}

test('every file the scanners call a server passes the look at its text', async () => {
  const files = sourceFiles();
  let servers = 0;
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const model = await scanServerSource(text, file);
    if (!model?.isServer) continue;
    servers++;
    assert.equal(mayServeRpc(text, sourceLanguageOf(file)!), true, `${path.relative(ROOT, file)} is a server (${model.markers.join(', ')}) but its text was skipped`);
  }
  assert.ok(servers >= 10, `${servers} server files among ${files.length}`);
});

test('files with none of the servers\' words are skipped', () => {
  assert.equal(mayServeRpc('import os\n\ndef main():\n    print(os.getcwd())\n', 'python'), false);
  assert.equal(mayServeRpc("import * as fs from 'node:fs';\nexport const read = (f: string) => fs.readFileSync(f, 'utf8');\n", 'typescript'), false);
  assert.equal(mayServeRpc("const express = require('express');\nexpress().listen(3000);\n", 'javascript'), false);
  // A word is enough to scan (the scanners then decide): a client script, a bare http server.
  assert.equal(mayServeRpc('import xmlrpc.client\n', 'python'), true);
  assert.equal(mayServeRpc("require('http').createServer((q, s) => s.end()).listen(0);\n", 'javascript'), true);
});
