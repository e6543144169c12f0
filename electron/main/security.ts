import type { BrowserWindowConstructorOptions, Session, WebContents, WebPreferences } from 'electron';

/**
 * The meta tag's policy in renderer/index.html plus frame-ancestors, which browsers honour only
 * as a header; sent on every app:// response.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Electron's security checklist, item by item. */
export function secureWebPreferences(preloadPath: string, devTools: boolean): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    safeDialogs: true,
    spellcheck: false,
    devTools,
  };
}

export const WINDOW_SIZE = { width: 1366, height: 768, minWidth: 1024, minHeight: 700 } as const;

export function windowTitle(workspaceName?: string): string {
  return workspaceName ? `SV Workbench — ${workspaceName}` : 'SV Workbench';
}

export function mainWindowOptions(opts: {
  preloadPath: string;
  devTools: boolean;
  workspaceName?: string;
}): BrowserWindowConstructorOptions {
  return {
    ...WINDOW_SIZE,
    title: windowTitle(opts.workspaceName),
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: secureWebPreferences(opts.preloadPath, opts.devTools),
  };
}

/** True for our own pages: `app://sv/…` and nothing else (not another host, no credentials). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'app:' && u.host === 'sv' && !u.username && !u.password;
  } catch {
    return false;
  }
}

/**
 * The network filter: only the app itself, DevTools, and in-page data (data:, and blob:
 * URLs minted by our own origin) are allowed. Everything else — http(s), ws(s), file,
 * ftp, other custom schemes — is cancelled, so nothing leaves the machine.
 */
export function isAllowedRequestUrl(url: string): boolean {
  if (isAppUrl(url)) return true;
  if (url.startsWith('devtools://')) return true;
  if (url.startsWith('data:')) return true;
  if (url.startsWith('blob:')) return isAppUrl(url.slice('blob:'.length));
  return false;
}

type ContentsLike = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Applied to every webContents the app creates (see app.on('web-contents-created')). */
export function hardenWebContents(contents: ContentsLike): void {
  contents.on('will-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-frame-navigate', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => {
    if (!isAppUrl(event.url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

type SessionLike = Pick<
  Session,
  'setPermissionRequestHandler' | 'setPermissionCheckHandler' | 'setDevicePermissionHandler' | 'webRequest'
>;

/**
 * The one permission our page gets: writing a chart to the clipboard ("Copy chart"), which
 * Chromium asks for as clipboard-sanitized-write. Reading the clipboard is never allowed.
 */
const ALLOWED_PERMISSION = 'clipboard-sanitized-write';
const allowed = (permission: string, url: string | undefined): boolean =>
  permission === ALLOWED_PERMISSION && url !== undefined && isAppUrl(url);

/** No other permission is ever granted (camera, notifications, clipboard-read, HID, …) and no request leaves. */
export function hardenSession(session: SessionLike): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => callback(allowed(permission, details.requestingUrl)));
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin) => allowed(permission, requestingOrigin));
  session.setDevicePermissionHandler(() => false);
  session.webRequest.onBeforeRequest((details, callback) => {
    callback({ cancel: !isAllowedRequestUrl(details.url) });
  });
}
