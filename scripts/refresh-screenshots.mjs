// Copies the README's screenshots from the last UI/integration run (test-results/screenshots/, written by
// `npm test` and `npm start -- --smoke`) into media/screenshots/, so the README never shows an older UI than the tests
// saw: `npm run screenshots` after a test run, then commit what changed.
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, screenshotsDir } from '../test/harness/codeServer.mjs';

/** README image ← the test's screenshot. */
export const README_SCREENSHOTS = {
  'explorer.png': 'start-workbench.png',
  'result.png': 'explorer-result.png',
  'server-source.png': 'sources-lenses-running-tree-params.png',
  'request-file.png': 'requestFiles-send-all.png',
  'debug-paused.png': 'debug-paused.png',
  'zh-cn-fault.png': 'zh-cn-result-fault.png',
};

const target = join(repoRoot, 'media', 'screenshots');
mkdirSync(target, { recursive: true });
const missing = [];
for (const [name, source] of Object.entries(README_SCREENSHOTS)) {
  const from = join(screenshotsDir, source);
  if (!existsSync(from)) {
    missing.push(source);
    continue;
  }
  copyFileSync(from, join(target, name));
  console.log(`media/screenshots/${name} ← test-results/screenshots/${source}`);
}
if (missing.length > 0) {
  console.error(`not found (run npm test, or npm start -- --smoke, first): ${missing.join(', ')}`);
  process.exit(1);
}
