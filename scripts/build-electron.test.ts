import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildElectron, type BuildElectronResult } from './build-electron.mjs';

const root = resolve(import.meta.dirname, '..');
const base = mkdtempSync(join(tmpdir(), 'sv-build-'));
const out = join(base, 'dist', 'electron');
let result: BuildElectronResult;

beforeAll(async () => {
  result = await buildElectron({ outDir: out, log: () => undefined });
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

/** Runs a CommonJS snippet under plain Node, from a folder with no node_modules above it. */
function node(code: string, env: NodeJS.ProcessEnv = {}) {
  const run = spawnSync(process.execPath, ['-e', code], {
    cwd: base,
    encoding: 'utf8',
    env: { PATH: process.env.PATH, ...env },
    timeout: 60_000,
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** The require() calls left in a bundle (everything else was bundled in). */
function requires(file: string): string[] {
  const found = readFileSync(file, 'utf8').match(/\brequire\("([^"]+)"\)/g) ?? [];
  return [...new Set(found.map((r) => r.slice('require("'.length, -2)))].sort();
}

/**
 * Plays Electron's utilityProcess for the bundled host under plain Node: `process.parentPort`
 * delivers an init message with one end of a MessageChannel, then the script makes calls and
 * prints every message the host sends, one JSON per line.
 */
const harness = (hostPath: string, options: object, calls: object[]) => `
const { MessageChannel } = require('node:worker_threads');
const { writeSync } = require('node:fs');
const { port1, port2 } = new MessageChannel();
let init;
process.parentPort = { once: (_event, listener) => { init = listener; } };
require(${JSON.stringify(hostPath)});
const port = { on: (_e, l) => port2.on('message', (data) => l({ data })), postMessage: (m) => port2.postMessage(m), start: () => port2.start() };
init({ data: { type: 'init', options: ${JSON.stringify(options)} }, ports: [port] });
const calls = ${JSON.stringify(calls)};
let answered = 0;
port1.on('message', (m) => {
  writeSync(1, JSON.stringify(m) + '\\n');
  if (m.type === 'fatal') process.exit(2);
  if (m.type === 'reply' && ++answered === calls.length) port1.postMessage({ type: 'shutdown' });
});
for (const c of calls) port1.postMessage(c);
`;

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as { type: string; id?: number; workspaceName?: string; envelope?: { ok: boolean; value?: unknown; error?: { code: string } } });

describe('electron bundles', () => {
  it('writes main, preload and host bundles without the dev bridge', () => {
    for (const name of ['main.cjs', 'preload.cjs', 'host.cjs']) expect(existsSync(join(out, name)), name).toBe(true);
    for (const inputs of Object.values(result.inputs)) {
      expect(inputs.filter((p) => p.startsWith('electron/bridge/'))).toEqual([]);
    }
    expect(result.inputs.main.filter((p) => p.startsWith('electron/engine/'))).toEqual([]);
    expect(result.inputs.host).toContain('electron/engine/engine.ts');
  });

  it('makes the preload one file whose only require is electron', () => {
    expect(requires(join(out, 'preload.cjs'))).toEqual(['electron']);
    const run = node(`require(${JSON.stringify(join(out, 'preload.cjs'))})`);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain("Cannot find module 'electron'");
  });

  it('keeps only electron, DuckDB and Node built-ins external in main and host', () => {
    const builtins = (r: string) => r.startsWith('node:') || builtinModules.includes(r);
    expect(requires(join(out, 'main.cjs')).filter((r) => !builtins(r))).toEqual(['electron']);
    expect(requires(join(out, 'host.cjs')).filter((r) => !builtins(r))).toEqual(['@duckdb/node-api']);
    const run = node(`require(${JSON.stringify(join(out, 'main.cjs'))})`);
    expect(run.stderr).toContain("Cannot find module 'electron'");
  });

  it('copies the engine files that modules find beside themselves', () => {
    expect(result.assets).toEqual(
      expect.arrayContaining([
        'electron/engine/import/rejectRows.sql',
        'electron/engine/reference/data/imd.csv',
        'electron/engine/reference/data/population.csv',
      ]),
    );
    for (const asset of result.assets) {
      expect(readFileSync(join(out, 'assets', asset)).equals(readFileSync(join(root, asset))), asset).toBe(true);
    }
  });

  it('refuses to run outside a utilityProcess', () => {
    const run = node(`require(${JSON.stringify(join(out, 'host.cjs'))})`, { NODE_PATH: join(root, 'node_modules') });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('must be started by SV Workbench as an Electron utilityProcess');
  });
});

describe('bundled engine host', () => {
  const csv = join(base, 'extract.csv');
  beforeAll(() => writeFileSync(csv, 'id,offence\n1,robbery\n2,wounding\n'));

  const calls = [
    { type: 'call', id: 1, channel: 'workspace.info', args: {} },
    { type: 'call', id: 2, channel: 'grid.rows', args: { nonsense: true } },
    { type: 'registerFile', id: 3, path: csv },
    { type: 'call', id: 4, channel: 'library.list', args: {} },
  ];

  function check(stdout: string, workspaceDir: string) {
    const events = lines(stdout);
    expect(events).toContainEqual({ type: 'ready', workspaceName: basename(workspaceDir) });
    const reply = (id: number) => events.find((e) => e.type === 'reply' && e.id === id)?.envelope;
    expect(reply(1)).toMatchObject({ ok: true, value: { name: basename(workspaceDir) } });
    expect(reply(2)).toMatchObject({ ok: false, error: { code: 'invalid_args' } });
    expect(reply(3)).toMatchObject({ ok: true, value: { name: 'extract.csv', sizeBytes: statSync(csv).size } });
    expect(reply(4)).toMatchObject({ ok: true });
    expect(existsSync(join(workspaceDir, 'workspace.duckdb'))).toBe(true);
  }

  it('opens a real workspace with DuckDB and answers over the port, then exits on shutdown', () => {
    const workspaceDir = join(base, 'ws-dev');
    const run = node(harness(join(out, 'host.cjs'), { workspaceDir, queriesDir: join(root, 'queries'), demo: false }, calls), {
      NODE_PATH: join(root, 'node_modules'),
    });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    check(run.stdout, workspaceDir);
  });

  it('reads its files from <resources>/engine-assets when it runs from app.asar', () => {
    // The layout electron-builder produces (a plain folder stands in for the archive).
    const resources = join(base, 'packaged', 'resources');
    const bundleDir = join(resources, 'app.asar', 'dist', 'electron');
    mkdirSync(bundleDir, { recursive: true });
    cpSync(join(out, 'host.cjs'), join(bundleDir, 'host.cjs'));
    const workspaceDir = join(base, 'ws-packaged');
    const script = harness(join(bundleDir, 'host.cjs'), { workspaceDir, queriesDir: join(root, 'queries'), demo: false }, calls);

    const missing = node(script, { NODE_PATH: join(root, 'node_modules') });
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain(join(resources, 'engine-assets', 'electron', 'engine'));

    cpSync(join(out, 'assets'), join(resources, 'engine-assets'), { recursive: true });
    const run = node(script, { NODE_PATH: join(root, 'node_modules') });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    check(run.stdout, workspaceDir);
  });
});
