// Bundles the extension and the CLI (shaped like vscode-extension-samples' esbuild-sample).
const path = require('node:path');
const esbuild = require('esbuild');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints build errors in the `file:line:col: error: text` form VS Code's $esbuild-watch matcher reads. */
const problemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * The source model's parsers (@lezer/*, ~170 KB) live in their own file, dist/sourceModel.js, loaded by
 * src/sourceModel/index.ts on the first scan: `require('./scan')` there becomes `require('./sourceModel.js')`,
 * resolved next to the bundle that asks for it, so activation does not load them.
 */
const sourceModelChunk = {
  name: 'source-model-chunk',
  setup(build) {
    const index = path.join(__dirname, 'src', 'sourceModel', 'index.ts');
    build.onResolve({ filter: /^\.\/scan$/ }, (args) => (args.importer === index ? { path: './sourceModel.js', external: true } : undefined));
  },
};

/**
 * The WebSocket library (`ws`, ~60 KB) lives in dist/webSocket.js, loaded by src/core/websocket/connection.ts on the
 * first WebSocket connection: `require('./wsLibrary')` there becomes `require('./webSocket.js')`.
 */
const webSocketChunk = {
  name: 'web-socket-chunk',
  setup(build) {
    const connection = path.join(__dirname, 'src', 'core', 'websocket', 'connection.ts');
    build.onResolve({ filter: /^\.\/wsLibrary$/ }, (args) => (args.importer === connection ? { path: './webSocket.js', external: true } : undefined));
  },
};

const common = {
  bundle: true,
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  platform: 'node',
  target: 'node20',
  logLevel: 'silent',
  plugins: [problemMatcherPlugin, sourceModelChunk, webSocketChunk],
};

async function main() {
  const contexts = await Promise.all([
    esbuild.context({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
    esbuild.context({ ...common, entryPoints: ['src/cli.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } }),
    esbuild.context({ ...common, entryPoints: ['src/sourceModel/scan.ts'], outfile: 'dist/sourceModel.js' }),
    esbuild.context({ ...common, entryPoints: ['src/core/websocket/wsLibrary.ts'], outfile: 'dist/webSocket.js' }),
  ]);
  if (watch) {
    await Promise.all(contexts.map((c) => c.watch()));
  } else {
    await Promise.all(contexts.map((c) => c.rebuild()));
    await Promise.all(contexts.map((c) => c.dispose()));
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
