#!/usr/bin/env node
/**
 * Bundles the Electron side into dist/electron/ (CommonJS, what Electron loads):
 *   main.cjs     electron/main/main.ts      main process
 *   preload.cjs  electron/preload/preload.ts sandboxed preload: ONE file, only `electron` external
 *   host.cjs     electron/host/host.ts      engine host (utilityProcess), DuckDB stays external (native)
 *
 * import.meta in a CommonJS bundle: engine modules find files beside their source with
 * `new URL('./x.sql', import.meta.url)` (e.g. import/rejectRows.sql, reference/data/). Bundling
 * would make every module share one URL, so each module's `import.meta.url` is rewritten to
 * point at its own path inside an asset tree that mirrors the source layout:
 *   dev:       dist/electron/assets/<source path>
 *   packaged:  <resources>/engine-assets/<source path>   (extraResources, outside app.asar,
 *              so DuckDB can read those files natively)
 * and the non-code files beside (and below) every such module are copied into that tree.
 *
 * Usage: node scripts/build-electron.mjs
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const ASSETS_DIR = 'assets';
export const PACKAGED_ASSETS_DIR = 'engine-assets';

const toPosix = (p) => p.split(sep).join('/');

/** Evaluated at run time inside main.cjs / host.cjs: the base of the mirrored asset tree. */
const assetBanner = `
const __svAssetBase = (() => {
  const path = require("node:path");
  const marker = path.sep + "app.asar" + path.sep;
  const at = __dirname.lastIndexOf(marker);
  return at >= 0 ? path.join(__dirname.slice(0, at), ${JSON.stringify(PACKAGED_ASSETS_DIR)}) : path.join(__dirname, ${JSON.stringify(ASSETS_DIR)});
})();
const __svAssetPath = (rel) => require("node:path").join(__svAssetBase, ...rel.split("/"));
const __svAssetUrl = (rel) => require("node:url").pathToFileURL(__svAssetPath(rel)).href;
`.trim();

/** Rewrites import.meta.{url,dirname,filename} per module and remembers which folders need their files. */
function importMetaPlugin(assetDirs) {
  return {
    name: 'sv-import-meta',
    setup(b) {
      b.onLoad({ filter: /\.(ts|tsx|mts)$/ }, (args) => {
        if (args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const source = readFileSync(args.path, 'utf8');
        if (!source.includes('import.meta')) return undefined;
        const rel = toPosix(relative(root, args.path));
        const relDir = toPosix(relative(root, dirname(args.path)));
        assetDirs.add(dirname(args.path));
        const contents = source
          .replaceAll('import.meta.url', `__svAssetUrl(${JSON.stringify(rel)})`)
          .replaceAll('import.meta.dirname', `__svAssetPath(${JSON.stringify(relDir)})`)
          .replaceAll('import.meta.filename', `__svAssetPath(${JSON.stringify(rel)})`);
        return { contents, loader: args.path.endsWith('x') ? 'tsx' : 'ts' };
      });
    },
  };
}

const CODE_FILE = /\.(ts|tsx|mts|cts|js|mjs|cjs|map)$/;

/** Copies the non-code files of a source folder (recursively, tests excluded) into the asset tree. */
function copyAssets(dir, outDir) {
  const copied = [];
  const walk = (from) => {
    for (const entry of readdirSync(from)) {
      const path = join(from, entry);
      if (statSync(path).isDirectory()) {
        if (entry !== 'node_modules' && !entry.startsWith('.')) walk(path);
      } else if (!CODE_FILE.test(entry)) {
        const to = join(outDir, ASSETS_DIR, relative(root, path));
        mkdirSync(dirname(to), { recursive: true });
        cpSync(path, to);
        copied.push(toPosix(relative(root, path)));
      }
    }
  };
  walk(dir);
  return copied;
}

function inputsOf(metafile) {
  return Object.keys(metafile.inputs).map((p) => toPosix(p));
}

function externalImportsOf(metafile) {
  const out = new Set();
  for (const output of Object.values(metafile.outputs)) {
    for (const imp of output.imports) if (imp.external) out.add(imp.path);
  }
  return [...out].sort();
}

function check(condition, message) {
  if (!condition) throw new Error(`build-electron: ${message}`);
}

/** Builds into `outDir` (default dist/electron); tests build into a temporary folder. */
export async function buildElectron({ outDir = join(root, 'dist', 'electron'), log = console.log } = {}) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const assetDirs = new Set();
  const common = {
    absWorkingDir: root,
    bundle: true,
    format: 'cjs',
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'none',
    logLevel: 'warning',
    // A leftover import.meta would be `{}` at run time: fail the build instead.
    logOverride: { 'empty-import-meta': 'error' },
  };
  const node = {
    ...common,
    platform: 'node',
    target: 'node22',
    external: ['electron', '@duckdb/node-api'],
    banner: { js: assetBanner },
    plugins: [importMetaPlugin(assetDirs)],
  };

  const [main, preload, host] = await Promise.all([
    build({ ...node, entryPoints: ['electron/main/main.ts'], outfile: join(outDir, 'main.cjs') }),
    // Sandboxed preloads get a tiny `require` (electron, events, timers, url): platform
    // browser makes any Node built-in a build error instead of a run-time one.
    build({
      ...common,
      platform: 'browser',
      target: 'chrome140',
      external: ['electron'],
      entryPoints: ['electron/preload/preload.ts'],
      outfile: join(outDir, 'preload.cjs'),
    }),
    build({ ...node, entryPoints: ['electron/host/host.ts'], outfile: join(outDir, 'host.cjs') }),
  ]);

  for (const [name, result] of Object.entries({ main, preload, host })) {
    check(!inputsOf(result.metafile).some((p) => p.startsWith('electron/bridge/')), `${name} bundles the dev bridge`);
  }
  check(
    externalImportsOf(preload.metafile).every((p) => p === 'electron'),
    `preload must require only electron, found: ${externalImportsOf(preload.metafile).join(', ')}`,
  );
  check(
    !inputsOf(main.metafile).some((p) => p.startsWith('electron/engine/')),
    'main bundles engine code; the engine belongs in the host process',
  );

  const assets = [...assetDirs].sort().flatMap((dir) => copyAssets(dir, outDir));
  log(`build-electron: wrote ${toPosix(relative(root, outDir))}/{main,preload,host}.cjs`);
  if (assets.length) log(`build-electron: copied ${assets.length} engine asset file(s) to ${toPosix(relative(root, join(outDir, ASSETS_DIR)))}/`);
  return { outDir, assets, inputs: { main: inputsOf(main.metafile), preload: inputsOf(preload.metafile), host: inputsOf(host.metafile) } };
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  try {
    await buildElectron();
  } catch (err) {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  }
}
