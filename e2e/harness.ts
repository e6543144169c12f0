import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { ShellChannel } from '../electron/contract/index.js';
import { startWebSession, type WebSession } from '../scripts/web-session.js';

export const root = resolve(import.meta.dirname, '..');
export const screenshotDir = join(root, 'e2e/screenshots');

export interface E2E {
  session: WebSession;
  browser: Browser;
  page: Page;
  workspaceDir: string;
  /** The analyst's own saved queries for this run (a temp folder, made on the first save). */
  userLibraryDir: string;
  /**
   * Makes the next native dialog of that kind answer with this path (the bridge has no
   * native dialogs): the import file dialog by default, or another shell channel's dialog.
   */
  queueDialog(path: string | null, channel?: ShellChannel): Promise<void>;
  shot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * Starts the real engine on a fresh workspace (prepared by `prepare` before the engine opens
 * it), the bridge, Vite preview of the bridge build, and Debian's Chromium on the page.
 */
export async function startE2E(prepare?: (workspaceDir: string) => Promise<void>): Promise<E2E> {
  if (!existsSync(join(root, 'dist/renderer-bridge/index.html'))) {
    throw new Error('dist/renderer-bridge is missing: run `npm run build:renderer` first');
  }
  const workspaceDir = mkdtempSync(join(tmpdir(), 'sv-e2e-'));
  const userRoot = mkdtempSync(join(tmpdir(), 'sv-e2e-documents-'));
  const userLibraryDir = join(userRoot, 'SV Workbench', 'Queries');
  if (prepare) await prepare(workspaceDir);
  const session = await startWebSession({ workspaceDir, demo: true, mode: 'preview', testControls: true, userLibraryDir });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  // en-GB for Intl and navigator.language. (Debian's chromium ships only the en-US UI locale,
  // so native date inputs still read mm/dd/yyyy here; Electron follows the OS locale.)
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 }, locale: 'en-GB' });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.goto(session.url);
  mkdirSync(screenshotDir, { recursive: true });
  return {
    session,
    browser,
    page,
    workspaceDir,
    userLibraryDir,
    async queueDialog(path, channel = 'files.pickImport') {
      const res = await fetch(`${session.bridgeUrl}/__test/dialog`, {
        method: 'POST',
        headers: { 'x-sv-token': session.token, 'content-type': 'application/json' },
        body: JSON.stringify({ path, channel }),
      });
      if (!res.ok) throw new Error(`queueDialog: ${res.status}`);
    },
    async shot(name) {
      const file = join(screenshotDir, `${name}.png`);
      await page.screenshot({ path: file });
      return file;
    },
    async close() {
      await browser.close();
      await session.close();
      rmSync(workspaceDir, { recursive: true, force: true });
      rmSync(userRoot, { recursive: true, force: true });
      if (problems.length) throw new Error(`browser reported problems:\n${problems.join('\n')}`);
    },
  };
}
