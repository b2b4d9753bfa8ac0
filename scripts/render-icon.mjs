// Renders media/icon.svg to media/icon.png (128×128, the Marketplace's icon size) with the test harness's chromium:
// `node scripts/render-icon.mjs` after changing the SVG.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, repoRoot } from '../test/harness/codeServer.mjs';

const svg = readFileSync(join(repoRoot, 'media', 'icon.svg'), 'utf8');
const browser = await launchBrowser();
try {
  const page = await browser.newPage({ viewport: { width: 128, height: 128 } });
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  await page.locator('svg').screenshot({ path: join(repoRoot, 'media', 'icon.png'), omitBackground: true });
} finally {
  await browser.close();
}
console.log('media/icon.png written');
