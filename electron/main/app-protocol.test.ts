import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, resolveAppPath } from './app-protocol.js';
import { CONTENT_SECURITY_POLICY } from './security.js';

let base: string;
let root: string;

beforeAll(() => {
  base = mkdtempSync(join(tmpdir(), 'sv-protocol-'));
  root = join(base, 'renderer');
  mkdirSync(join(root, 'assets'), { recursive: true });
  writeFileSync(join(root, 'index.html'), '<!doctype html><title>SV</title>');
  writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1);');
  writeFileSync(join(root, 'assets', 'app.css'), 'body{}');
  writeFileSync(join(base, 'secret.txt'), 'outside the renderer folder');
  symlinkSync(join(base, 'secret.txt'), join(root, 'assets', 'link.txt'));
});
afterAll(() => rmSync(base, { recursive: true, force: true }));

const get = (url: string, method = 'GET') => createAppProtocolHandler(root)(new Request(url, { method }));

describe('app:// protocol', () => {
  it('serves the entry page and assets with the CSP header and a real content type', async () => {
    const page = await get('app://sv/index.html');
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<!doctype html><title>SV</title>');
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');

    const root = await get('app://sv/');
    expect(await root.text()).toBe('<!doctype html><title>SV</title>');

    const script = await get('app://sv/assets/index-abc.js?v=2');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await script.text()).toBe('console.log(1);');
    expect((await get('app://sv/assets/app.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('refuses path traversal, plain and encoded', async () => {
    for (const url of [
      'app://sv/../../etc/passwd',
      'app://sv/%2e%2e/%2e%2e/etc/passwd',
      'app://sv/assets/..%2f..%2fsecret.txt',
      'app://sv/%2e%2e%2fsecret.txt',
      'app://sv/..%5csecret.txt',
      'app://sv/assets/%00index-abc.js',
      'app://sv/%E0%A4%A',
    ]) {
      const res = await get(url);
      expect(res.status, url).toBe(404);
      expect(await res.text(), url).not.toContain('outside the renderer folder');
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(resolveAppPath(root, 'app://sv/assets/..%2f..%2fsecret.txt')).toBeNull();
    expect(resolveAppPath(root, 'app://sv/..%5csecret.txt')).toBeNull();
    // The URL parser folds `..` and `%2e%2e` segments away, so these stay inside the folder.
    expect(resolveAppPath(root, 'app://sv/../../etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(resolveAppPath(root, 'app://sv/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc', 'passwd'));
  });

  it('refuses a symlink that leaves the folder, other hosts, other schemes and writes', async () => {
    expect((await get('app://sv/assets/link.txt')).status).toBe(404);
    expect((await get('app://other/index.html')).status).toBe(404);
    expect(resolveAppPath(root, 'file:///etc/passwd')).toBeNull();
    expect((await get('app://sv/missing.js')).status).toBe(404);
    expect((await get('app://sv/assets')).status).toBe(404);
    expect((await get('app://sv/index.html', 'POST')).status).toBe(405);
  });
});
