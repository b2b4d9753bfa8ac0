// Bundles the extension and the CLI (shaped like vscode-extension-samples' esbuild-sample).
const fs = require('node:fs');
const path = require('node:path');
const esbuild = require('esbuild');
const ts = require('typescript');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = __dirname;
/** `--outdir=DIR` builds elsewhere than dist/ (the bundle-size test builds in a scratch folder). */
const outdirArg = process.argv.find((a) => a.startsWith('--outdir='));
const dist = outdirArg ? path.resolve(outdirArg.slice('--outdir='.length)) : path.join(root, 'dist');

/**
 * Chunks: code the extension loads the first time a feature is used, not at activation. dist/extension.js holds
 * activation, the explorer and command registration; each line below is one more file in dist/chunks/.
 *
 * How: the source reaches a chunk's entry module only through a plain `require` inside a function, e.g.
 * `const callForm = () => require('./callForm') as typeof import('./callForm');` in src/extension.ts (a static
 * `import` of a chunk entry from another bundle fails the build; `import type` is fine). esbuild turns that require
 * into `require('./chunks/callForm.js')`. Each chunk is its own CommonJS bundle, built after the bundles above it,
 * and holds none of their modules: a module the main bundle (or an earlier chunk) already holds — an error class,
 * a registry, @vscode/l10n with its translations — is taken from that bundle's `__shared` table
 * (`require('../extension.js').__shared[3]()`, a short key per module), so every module has one instance and
 * `instanceof` holds across bundles. The table holds only the names later chunks import (read from their import
 * statements), so the rest of a shared module stays tree-shaken. A chunk may use modules of the main bundle and of the
 * chunks listed before it; a chunk that only other chunks import statically (httpTransport) is their shared library.
 * A module that the main bundle imports at all is held by the main bundle, with every name chunks take from it: keep
 * what activation needs in small modules of its own (core/urlCheck.ts beside core/transport.ts).
 * Why CommonJS chunks rather than ESM `splitting` (VS Code loads ESM extensions since 1.100, microsoft/vscode#245214):
 * `import()` is asynchronous, and the typed API `activate` returns hands out feature objects (servers, the request
 * editor) synchronously; `require` keeps that, and keeps the commands' code paths as they were.
 *
 * To make a feature a chunk: keep it behind one entry module, require that module lazily as above, and add its line
 * here. `node esbuild.js --production --analyze` lists what each shipped bundle holds; test/unit/bundleSize.test.ts
 * holds dist/extension.js to its budget (issue #17's target is 120 KB).
 */
const CHUNKS = [
  { entry: 'src/explorer/methodDetails.ts', file: 'chunks/methodDetails.js' },
  { entry: 'src/core/httpTransport.ts', file: 'chunks/httpTransport.js' },
  { entry: 'src/core/xmlrpc/index.ts', file: 'chunks/xmlrpc.js' },
  { entry: 'src/core/xmlrpc/xmlParser.ts', file: 'chunks/xmlParser.js' },
  { entry: 'src/core/jsonrpc/index.ts', file: 'chunks/jsonrpc.js' },
  { entry: 'src/core/hprose/index.ts', file: 'chunks/hprose.js' },
  { entry: 'src/calls/copyCallAsCommand.ts', file: 'chunks/copyCallAs.js' },
  { entry: 'src/calls/callMethodCommand.ts', file: 'chunks/callMethod.js' },
  { entry: 'src/calls/callHistoryCommand.ts', file: 'chunks/callHistory.js' },
  { entry: 'src/calls/setHeaderCommand.ts', file: 'chunks/setHeader.js' },
  { entry: 'src/calls/setSecretArgumentCommand.ts', file: 'chunks/setSecretArgument.js' },
  { entry: 'src/tasks/index.ts', file: 'chunks/serverTasks.js' },
  { entry: 'src/debug/debugServers.ts', file: 'chunks/debugServer.js' },
  { entry: 'src/requestEditor/index.ts', file: 'chunks/requestEditor.js' },
  { entry: 'src/sourceModel/scan.ts', file: 'chunks/sourceModel.js' },
  { entry: 'src/callForm/index.ts', file: 'chunks/callForm.js' },
  { entry: 'src/serverChecks/index.ts', file: 'chunks/serverChecks.js' },
  { entry: 'src/core/websocket/connection.ts', file: 'chunks/webSocketConnection.js' },
  { entry: 'src/core/websocket/wsLibrary.ts', file: 'chunks/webSocket.js' },
  { entry: 'src/notifications/index.ts', file: 'chunks/notifications.js' },
  { entry: 'src/calls/resultPanelRequests.ts', file: 'chunks/resultPanelRequests.js' },
  { entry: 'src/explorer/renameEndpointCommand.ts', file: 'chunks/renameEndpoint.js' },
  { entry: 'src/explorer/changeProtocolCommand.ts', file: 'chunks/changeProtocol.js' },
  { entry: 'src/api/createApi.ts', file: 'chunks/api.js' },
];

/** Prints build errors in the `file:line:col: error: text` form VS Code's $esbuild-watch matcher reads. */
function reportErrors(errors) {
  for (const { text, location } of errors) {
    console.error(`✘ [ERROR] ${text}`);
    if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
  }
}

const common = {
  bundle: true,
  format: 'cjs',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  platform: 'node',
  target: 'node20',
  logLevel: 'silent',
  absWorkingDir: __dirname,
  // ws's optional native speed-ups: it requires them inside try/catch and works without them.
  external: ['bufferutil', 'utf-8-validate'],
};

/** How the bundle `from` requires the bundle `to` (both relative to dist/). */
const requirePath = (from, to) => {
  const target = path.posix.relative(path.posix.dirname(from), to);
  return target.startsWith('.') ? target : `./${target}`;
};
const relative = (file) => path.relative(root, file).split(path.sep).join('/');
const chunkOfEntry = new Map(CHUNKS.map((c) => [path.join(root, c.entry), c]));

/**
 * The resolver of one bundle: a lazily required chunk entry stays outside (`require('./chunk.js')`), and a module an
 * earlier bundle holds (`owners`) becomes a stub reading that bundle's `__shared` table.
 */
function chunkResolver(ownEntry, ownFile, owners, needed) {
  return {
    name: 'chunks',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.namespace === 'shared') return { path: args.path, external: true };
        if (args.pluginData?.chunks || args.kind === 'entry-point') return undefined;
        // Every module's `import * as vscode` reads one namespace (the 'vscode-once' module below), not a copy each.
        if (args.path === 'vscode') return args.namespace === 'vscode-once' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-once' };
        if (common.external.includes(args.path)) return { path: args.path, external: true };
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: { chunks: true } });
        if (resolved.errors.length || resolved.external || !resolved.path) return resolved.errors.length ? { errors: resolved.errors } : undefined;
        const chunk = chunkOfEntry.get(resolved.path);
        if (chunk && resolved.path !== ownEntry && args.kind === 'require-call') return { path: requirePath(ownFile, chunk.file), external: true };
        const owner = owners.get(resolved.path);
        if (owner && owner !== ownFile) {
          const names = args.kind === 'import-statement' ? importedNames(args.importer, args.path) : ALL;
          const known = needed.get(resolved.path);
          needed.set(resolved.path, known === ALL || names === ALL ? ALL : new Set([...(known ?? []), ...names]));
          return { path: resolved.path, namespace: 'shared', pluginData: { owner: requirePath(ownFile, owner) } };
        }
        if (chunk && resolved.path !== ownEntry) {
          return { errors: [{ text: `${relative(args.importer)} imports the chunk ${chunk.entry} statically: require it lazily (see esbuild.js)` }] };
        }
        return { path: resolved.path, sideEffects: resolved.sideEffects };
      });
      // esbuild gives each importer of an external CommonJS module its own ESM view (`__toESM(require('vscode'))`
      // copies every one of the API's ~350 exports as a getter): 34 copies cost a few ms of activation. One ESM module
      // re-exporting it makes that copy once.
      build.onLoad({ filter: /.*/, namespace: 'vscode-once' }, () => ({ contents: "export * from 'vscode';", loader: 'js', resolveDir: root }));
      build.onLoad({ filter: /.*/, namespace: 'shared' }, (args) => ({
        contents: `module.exports = require(${JSON.stringify(args.pluginData.owner)}).__shared[${sharedKey(args.path)}]();`,
        loader: 'js',
      }));
    },
  };
}

/** A shared module's key in its bundle's `__shared` table: a short number, the same in the bundle and in its readers. */
const sharedKeys = new Map();
const sharedKey = (file) => {
  if (!sharedKeys.has(file)) sharedKeys.set(file, sharedKeys.size);
  return sharedKeys.get(file);
};

/** `needed`'s mark for a module a later bundle reads whole (`import * as`, `export *`, `require`, a JavaScript importer). */
const ALL = '*';
const parsedImporters = new Map();

/**
 * The names the module `importer` imports (or re-exports) from `specifier`, or ALL. Only these go into the owner's
 * `__shared` table, so the rest of the module stays tree-shaken out of the owner (a table of whole namespaces kept
 * every export of every shared module, ~28 KB of the main bundle).
 */
function importedNames(importer, specifier) {
  if (!/\.tsx?$/.test(importer)) return ALL;
  let imports = parsedImporters.get(importer);
  if (!imports) {
    imports = new Map(); // specifier → Set of names | ALL
    const source = ts.createSourceFile(importer, fs.readFileSync(importer, 'utf8'), ts.ScriptTarget.Latest, false);
    const add = (from, names) => {
      const known = imports.get(from);
      imports.set(from, known === ALL || names === ALL ? ALL : new Set([...(known ?? []), ...names]));
    };
    for (const statement of source.statements) {
      const from = statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier) ? statement.moduleSpecifier.text : undefined;
      if (from === undefined) continue;
      if (ts.isImportDeclaration(statement)) {
        const clause = statement.importClause;
        if (!clause || clause.isTypeOnly) continue;
        const names = [];
        if (clause.name) names.push('default');
        const bindings = clause.namedBindings;
        if (bindings && ts.isNamespaceImport(bindings)) {
          add(from, ALL);
          continue;
        }
        for (const element of bindings?.elements ?? []) if (!element.isTypeOnly) names.push((element.propertyName ?? element.name).text);
        add(from, names);
      } else if (ts.isExportDeclaration(statement) && !statement.isTypeOnly) {
        if (!statement.exportClause || !ts.isNamedExports(statement.exportClause)) add(from, ALL);
        else add(from, statement.exportClause.elements.filter((e) => !e.isTypeOnly).map((e) => (e.propertyName ?? e.name).text));
      }
    }
    parsedImporters.set(importer, imports);
  }
  return imports.get(specifier) ?? ALL;
}

/**
 * The entry a bundle is built from: the module's own exports, and `__shared`, its modules for the chunks after it,
 * each with the names those chunks import (and `__esModule`, so a chunk's default imports read `.default` as they
 * would inside one bundle). Getters keep the bindings live; `m.name` reads let esbuild drop the rest of the module.
 */
function sharingEntry(entry, modules, needed) {
  const lines = [`export * from ${JSON.stringify(entry)};`];
  modules.forEach((file, i) => lines.push(`import * as m${i} from ${JSON.stringify(file)};`));
  const table = modules.map((file, i) => {
    const names = needed.get(file);
    const value = names === ALL ? `whole(m${i})` : `named({ ${[...names].map((n) => `${JSON.stringify(n)}: () => m${i}[${JSON.stringify(n)}]`).join(', ')} })`;
    return `${sharedKey(file)}: () => ${value}`;
  });
  lines.push(
    'const named = (getters) => { const o = { __esModule: true }; for (const k in getters) Object.defineProperty(o, k, { enumerable: true, get: getters[k] }); return o; };',
    'const whole = (m) => named(Object.fromEntries(Object.keys(m).map((k) => [k, () => m[k]])));',
    `export const __shared = { ${table.join(', ')} };`,
  );
  return lines.join('\n');
}

/** Builds dist/extension.js and its chunks in order. */
async function buildExtension() {
  parsedImporters.clear(); // --watch: the sources may have changed since the last build
  const owners = new Map(); // module path → the dist file that holds it
  const needed = new Map(); // the modules a later bundle takes from an earlier one → the names it imports, or ALL
  const bundles = [{ entry: 'src/extension.ts', file: 'extension.js' }, ...CHUNKS].map((b) => ({ ...b, entry: path.join(root, b.entry) }));
  const optionsOf = (bundle) => ({ ...common, write: false, outfile: path.join(dist, bundle.file), plugins: [chunkResolver(bundle.entry, bundle.file, owners, needed)] });
  // First pass, in order: the modules each bundle holds, and which of them later bundles use.
  for (const bundle of bundles) {
    bundle.result = await esbuild.build({ ...optionsOf(bundle), entryPoints: [bundle.entry], metafile: true });
    bundle.held = Object.keys(bundle.result.metafile.inputs)
      .filter((input) => !input.startsWith('shared:'))
      .map((input) => path.join(root, input));
    for (const file of bundle.held) if (!owners.has(file)) owners.set(file, bundle.file);
  }
  // Second pass: a bundle others use again, now with its __shared table (only those modules: the rest stays tree-shaken).
  for (const bundle of bundles) {
    const shared = bundle.held.filter((file) => needed.has(file) && owners.get(file) === bundle.file);
    const result = shared.length
      ? await esbuild.build({ ...optionsOf(bundle), stdin: { contents: sharingEntry(bundle.entry, shared, needed), resolveDir: root, sourcefile: bundle.file, loader: 'js' }, metafile: true })
      : bundle.result;
    if (process.argv.includes('--analyze')) console.log(bundle.file, esbuild.analyzeMetafileSync(result.metafile));
    for (const out of result.outputFiles) {
      fs.mkdirSync(path.dirname(out.path), { recursive: true });
      fs.writeFileSync(out.path, out.contents);
    }
  }
}

async function buildCli() {
  await esbuild.build({ ...common, entryPoints: ['src/cli.ts'], outfile: path.join(dist, 'cli.js'), banner: { js: '#!/usr/bin/env node' } });
}

/** uPlot for the Load Test panel, copied next to the bundle (dist/webview/): the webview loads it locally, never from a CDN. */
function copyWebviewLibraries() {
  const from = path.join(path.dirname(require.resolve('uplot/package.json')), 'dist');
  const to = path.join(dist, 'webview');
  fs.mkdirSync(to, { recursive: true });
  for (const file of ['uPlot.iife.min.js', 'uPlot.min.css']) fs.copyFileSync(path.join(from, file), path.join(to, file));
}

/** The webviews' own files: the call form's script (a browser bundle, with the core's form-value code it shares with the extension) and uPlot. */
async function buildWebviews() {
  copyWebviewLibraries();
  // One script (the page, media/webviewKit.js and media/valueTree.js) and one stylesheet (result.css + callForm.css):
  // the fewest resource loads before the form's fields show.
  await esbuild.build({ ...common, entryPoints: ['src/callForm/webview/form.js'], outfile: path.join(dist, 'callForm.js'), platform: 'browser', format: 'iife', target: 'es2022' });
  await esbuild.build({ ...common, entryPoints: ['src/callForm/webview/form.css'], outfile: path.join(dist, 'callForm.css'), platform: 'browser', sourcemap: false });
}

async function buildAll() {
  console.log('[watch] build started');
  try {
    await Promise.all([buildExtension(), buildCli(), buildWebviews()]);
  } catch (error) {
    reportErrors(error.errors ?? [{ text: String(error.message ?? error) }]);
    if (!watch) process.exitCode = 1;
  }
  console.log('[watch] build finished');
}

async function main() {
  await buildAll();
  if (!watch) return;
  let timer;
  fs.watch(path.join(root, 'src'), { recursive: true }, () => {
    clearTimeout(timer);
    timer = setTimeout(() => void buildAll(), 100);
  });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
