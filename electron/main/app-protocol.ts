import { readFile as readFileCb, realpath as realpathCb } from 'node:fs';
import { extname, isAbsolute, relative, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import type { CustomScheme } from 'electron';
import { CONTENT_SECURITY_POLICY } from './security.js';

/**
 * The renderer is served from `app://sv/`, a standard + secure custom scheme, rather than
 * file:// (which would give the page the whole disk as its origin). Only files inside
 * dist/renderer are served.
 */
// The callback forms are the ones Electron's asar support is known to patch (dist/renderer
// lives inside app.asar in a packaged build).
const readFile = promisify(readFileCb);
const realpath = promisify(realpathCb);

export const APP_SCHEME = 'app';
export const APP_HOST = 'sv';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * `standard` gives the page a real origin (relative URLs, same-origin ES modules) and `secure`
 * makes it a secure context. No `corsEnabled` (other origins cannot read it) and no
 * `bypassCSP`.
 */
export const appScheme: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

export function mimeType(path: string): string {
  return MIME[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

function inside(root: string, candidate: string): boolean {
  const rel = relative(root, candidate);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/**
 * Maps an app:// URL to a file under `rootDir`, or null when the URL is not ours or would
 * leave the folder (`..`, encoded `%2e%2e` or `%2f`, NUL bytes, another host).
 */
export function resolveAppPath(rootDir: string, url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST || parsed.username || parsed.password) {
    return null;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;
  if (pathname === '' || pathname === '/') pathname = '/index.html';
  const root = resolve(rootDir);
  const file = resolve(root, `.${pathname}`);
  return inside(root, file) ? file : null;
}

function securityHeaders(contentType: string): Headers {
  return new Headers({
    'content-type': contentType,
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cache-control': 'no-cache',
  });
}

function refuse(status: number, text: string): Response {
  return new Response(text, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

/**
 * The `protocol.handle('app', …)` handler. Every response, errors included, carries the
 * CSP header. Symlinks are resolved before the containment check so a link inside the
 * folder cannot point out of it.
 */
export function createAppProtocolHandler(rootDir: string): (request: Request) => Promise<Response> {
  const rootReal = realpath(resolve(rootDir)).catch(() => resolve(rootDir));
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(405, 'Method not allowed');
    const file = resolveAppPath(rootDir, request.url);
    if (!file) return refuse(404, 'Not found');
    try {
      const real = await realpath(file);
      if (!inside(await rootReal, real)) return refuse(404, 'Not found');
      const body = await readFile(real);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: securityHeaders(mimeType(real)) });
    } catch {
      return refuse(404, 'Not found');
    }
  };
}
