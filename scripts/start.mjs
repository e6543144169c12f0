#!/usr/bin/env node
/**
 * `npm start`: build (renderer + Electron bundles) and open SV Workbench in Electron on the
 * demo workspace. Electron 45 fetches its binary on first use (node_modules/electron/install.js);
 * when that is impossible (offline, blocked, ELECTRON_SKIP_BINARY_DOWNLOAD) this says so in
 * one paragraph and runs `npm run dev:web` instead: the same renderer in a browser against
 * the real engine, so `npm start` still gives a working app.
 *
 * Environment:
 *   SV_NO_ELECTRON=1                    skip Electron and go straight to the browser build
 *   SV_ELECTRON_DOWNLOAD_TIMEOUT_MS     how long the first-run download may take (default 10 min)
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const DEFAULT_DOWNLOAD_TIMEOUT_MS = 10 * 60_000;

/** The installed binary, as node_modules/electron/index.js would find it, or null. */
export function installedElectronPath(electronDir, env = process.env) {
  try {
    const rel = readFileSync(join(electronDir, 'path.txt'), 'utf8').trim();
    const full = env.ELECTRON_OVERRIDE_DIST_PATH
      ? join(env.ELECTRON_OVERRIDE_DIST_PATH, rel)
      : join(electronDir, 'dist', rel);
    return rel && existsSync(full) ? full : null;
  } catch {
    return null;
  }
}

function lastLine(text) {
  const lines = String(text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('at '));
  return lines.at(-1) ?? '';
}

/**
 * Makes sure the Electron binary is there, running Electron's own installer (which downloads
 * it once) when it is not. Never throws; `reason` explains a failure in a few words.
 */
export function ensureElectron({ electronDir = join(root, 'node_modules', 'electron'), env = process.env } = {}) {
  if (env.SV_NO_ELECTRON === '1') return { ok: false, reason: 'SV_NO_ELECTRON=1 is set' };
  const installer = join(electronDir, 'install.js');
  if (!existsSync(installer)) return { ok: false, reason: 'the electron package is not installed (run npm install)' };
  const existing = installedElectronPath(electronDir, env);
  if (existing) return { ok: true, path: existing };
  if (env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return { ok: false, reason: 'the binary is missing and ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  }
  console.log('SV Workbench: fetching the Electron binary (first run only)…');
  const timeout = Number(env.SV_ELECTRON_DOWNLOAD_TIMEOUT_MS) || DEFAULT_DOWNLOAD_TIMEOUT_MS;
  const run = spawnSync(process.execPath, [installer], { env, encoding: 'utf8', timeout, stdio: ['ignore', 'pipe', 'pipe'] });
  if (run.error?.code === 'ETIMEDOUT') return { ok: false, reason: `the download did not finish within ${timeout / 1000} s` };
  if (run.status !== 0) {
    return { ok: false, reason: `the download failed: ${lastLine(run.stderr) || lastLine(run.stdout) || `exit code ${run.status}`}` };
  }
  const installed = installedElectronPath(electronDir, env);
  return installed ? { ok: true, path: installed } : { ok: false, reason: 'the installer finished but no binary was found' };
}

export function offlineMessage(reason) {
  return [
    `SV Workbench: the Electron binary is not available (${reason}), so the desktop window cannot open.`,
    'Electron downloads its binary once, on first start, from GitHub (or from the mirror in',
    'ELECTRON_MIRROR); on a machine with internet access run `npx install-electron` (or delete',
    'node_modules/electron and run `npm install`), or copy an unpacked Electron 45 build and point',
    'ELECTRON_OVERRIDE_DIST_PATH at it. Until then, here is the same app in your browser',
    '(`npm run dev:web`): the same renderer against the same engine, local only.',
  ].join(' ');
}

/** Runs npm with the same npm that runs us (npm_execpath), so Windows needs no shell. */
function npm(args, opts = {}) {
  const execPath = process.env.npm_execpath;
  return execPath
    ? spawn(process.execPath, [execPath, ...args], { cwd: root, stdio: 'inherit', ...opts })
    : spawn(process.platform === 'win32' ? 'npm.cmd' : 'npm', args, {
        cwd: root,
        stdio: 'inherit',
        shell: process.platform === 'win32',
        ...opts,
      });
}

let current = null;

const exitCode = (child) =>
  new Promise((resolveCode) => {
    current = child;
    child.on('error', (err) => {
      console.error(err.message);
      resolveCode(1);
    });
    child.on('exit', (code, signal) => resolveCode(code ?? (signal ? 1 : 0)));
  });

async function main() {
  // Pass Ctrl+C / SIGTERM on and wait for the child to close its workspace before exiting.
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (current && current.exitCode === null && current.signalCode === null) current.kill(signal);
    });
  }

  const electron = ensureElectron();
  if (!electron.ok) {
    console.error(`\n${offlineMessage(electron.reason)}\n`);
    return exitCode(npm(['run', 'dev:web']));
  }
  const built = await exitCode(npm(['run', 'build']));
  if (built !== 0) return built;
  // `.`: Electron reads package.json (name → userData folder, "main" → dist/electron/main.cjs).
  return exitCode(spawn(process.execPath, [join(root, 'node_modules', 'electron', 'cli.js'), '.'], { cwd: root, stdio: 'inherit' }));
}

const invokedDirectly = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) process.exit(await main());
