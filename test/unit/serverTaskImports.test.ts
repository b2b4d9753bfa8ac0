// Which workspace files a server imports (a save of any of them restarts it): real files in a temporary folder.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { localImportsOf } from '../../src/tasks/serverImports';

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'rpc-imports-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

test('Python: same-folder modules, packages, relative imports, transitively; the standard library is not followed', async () => {
  const root = tree({
    'server.py': 'import os, greetings\nfrom xmlrpc.server import SimpleXMLRPCServer\nfrom util.text import shout\nfrom . import config\n',
    'greetings.py': 'from helpers import polite\n',
    'helpers.py': 'x = 1\n',
    'util/__init__.py': '',
    'util/text.py': 'def shout(s): return s.upper()\n',
    'config.py': '',
    'unused.py': '',
  });
  const found = (await localImportsOf(path.join(root, 'server.py'))).map((f) => path.relative(root, f)).sort();
  assert.deepEqual(found, ['config.py', 'greetings.py', 'helpers.py', 'util/__init__.py', 'util/text.py'].map((f) => f.split('/').join(path.sep)).sort());
});

test('JavaScript/TypeScript: relative require/import/export-from with or without extensions; packages are not followed', async () => {
  const root = tree({
    'server.js': "const hprose = require('hprose');\nconst { add } = require('./math');\nimport('./lazy.mjs');\n",
    'math.js': "module.exports = require('./lib');\n",
    'lib/index.js': '',
    'lazy.mjs': "export { x } from '../outside.js';\n",
    'app.ts': "import { greet } from './greet.js';\nimport type { T } from \"./types\";\n",
    'greet.ts': '',
    'types.ts': '',
  });
  const rel = async (file: string) => (await localImportsOf(path.join(root, file))).map((f) => path.relative(root, f)).sort();
  assert.deepEqual(await rel('server.js'), ['lazy.mjs', 'lib/index.js', 'math.js'].map((f) => f.split('/').join(path.sep)));
  assert.deepEqual(await rel('app.ts'), ['greet.ts', 'types.ts']);
});
