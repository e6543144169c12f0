import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { ensureElectron, offlineMessage } from './start.mjs';

const base = mkdtempSync(join(tmpdir(), 'sv-start-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

let n = 0;
/** A stand-in for node_modules/electron with the given install.js body. */
function fakeElectron(installer: string | null, installed = false): string {
  const dir = join(base, `electron-${n++}`);
  mkdirSync(dir, { recursive: true });
  if (installer !== null) writeFileSync(join(dir, 'install.js'), installer);
  if (installed) {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'electron'), '');
    writeFileSync(join(dir, 'path.txt'), 'electron');
  }
  return dir;
}

const quiet = () => vi.spyOn(console, 'log').mockImplementation(() => undefined);
const env = { PATH: process.env.PATH };

describe('npm start: getting the Electron binary', () => {
  it('uses an installed binary without running the installer', () => {
    const dir = fakeElectron('process.exit(3)', true);
    expect(ensureElectron({ electronDir: dir, env })).toEqual({ ok: true, path: join(dir, 'dist', 'electron') });
  });

  it("runs Electron's installer when the binary is missing and uses what it installed", () => {
    quiet();
    const dir = fakeElectron(`
      const fs = require('fs'), path = require('path');
      fs.mkdirSync(path.join(__dirname, 'dist'));
      fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '');
      fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
    `);
    expect(ensureElectron({ electronDir: dir, env })).toEqual({ ok: true, path: join(dir, 'dist', 'electron') });
  });

  it('reports an offline download with the installer’s own error', () => {
    quiet();
    const dir = fakeElectron(`
      console.error('TypeError: fetch failed');
      console.error('    at FetchDownloader.download (file:///x.js:46:30)');
      process.exit(1);
    `);
    expect(ensureElectron({ electronDir: dir, env })).toEqual({
      ok: false,
      reason: 'the download failed: TypeError: fetch failed',
    });
  });

  it('gives up on a download that hangs', () => {
    quiet();
    const dir = fakeElectron('setTimeout(() => {}, 60_000)');
    const started = Date.now();
    const status = ensureElectron({ electronDir: dir, env: { ...env, SV_ELECTRON_DOWNLOAD_TIMEOUT_MS: '300' } });
    expect(status).toEqual({ ok: false, reason: 'the download did not finish within 0.3 s' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('does not try when told not to, or when electron is not installed at all', () => {
    const dir = fakeElectron('process.exit(0)');
    expect(ensureElectron({ electronDir: dir, env: { ...env, SV_NO_ELECTRON: '1' } })).toEqual({
      ok: false,
      reason: 'SV_NO_ELECTRON=1 is set',
    });
    expect(ensureElectron({ electronDir: dir, env: { ...env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1' } })).toEqual({
      ok: false,
      reason: 'the binary is missing and ELECTRON_SKIP_BINARY_DOWNLOAD is set',
    });
    expect(ensureElectron({ electronDir: fakeElectron(null), env })).toMatchObject({ ok: false, reason: expect.stringContaining('npm install') });
  });

  it('explains the fallback in one paragraph', () => {
    const text = offlineMessage('the download failed: TypeError: fetch failed');
    expect(text).not.toContain('\n');
    expect(text).toContain('(the download failed: TypeError: fetch failed)');
    expect(text).toContain('npm run dev:web');
    expect(text).toContain('npx install-electron');
  });
});
