import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import {
  CONTENT_SECURITY_POLICY,
  hardenSession,
  hardenWebContents,
  isAllowedRequestUrl,
  mainWindowOptions,
  windowTitle,
} from './security.js';

type Listener = (...args: unknown[]) => unknown;

function fakeContents() {
  const listeners = new Map<string, Listener>();
  let openHandler: Listener | undefined;
  const contents = {
    on: (name: string, listener: Listener) => {
      listeners.set(name, listener);
      return contents;
    },
    setWindowOpenHandler: (handler: Listener) => {
      openHandler = handler;
    },
  };
  /** Emits a navigation-style event and reports whether the app prevented it. */
  const emit = (name: string, url?: string): boolean => {
    let prevented = false;
    listeners.get(name)?.({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { contents, emit, open: (url: string) => openHandler?.({ url }) };
}

describe('window options', () => {
  it('follows the Electron security checklist', () => {
    const opts = mainWindowOptions({ preloadPath: '/app/dist/electron/preload.cjs', devTools: false });
    expect(opts.webPreferences).toEqual({
      preload: '/app/dist/electron/preload.cjs',
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
      devTools: false,
    });
    expect(opts).toMatchObject({ width: 1366, height: 768, minWidth: 1024, minHeight: 700, show: false });
  });

  it('names the workspace in the title', () => {
    expect(windowTitle('Northshire CSP')).toBe('SV Workbench — Northshire CSP');
    expect(windowTitle()).toBe('SV Workbench');
    expect(mainWindowOptions({ preloadPath: 'p', devTools: true, workspaceName: 'demo' }).title).toBe('SV Workbench — demo');
  });

  it('sends the renderer meta tag CSP, plus frame-ancestors (which only works as a header)', () => {
    expect(CONTENT_SECURITY_POLICY).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; " +
        "frame-ancestors 'none'",
    );
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(`${meta}; frame-ancestors 'none'`).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('web contents hardening', () => {
  it('prevents navigation and redirects away from app://sv', () => {
    const { contents, emit } = fakeContents();
    hardenWebContents(contents as never);
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect']) {
      expect(emit(event, 'https://example.org/')).toBe(true);
      expect(emit(event, 'file:///etc/passwd')).toBe(true);
      expect(emit(event, 'app://evil/index.html')).toBe(true);
      expect(emit(event, 'app://sv@evil/index.html')).toBe(true);
      expect(emit(event, 'app://sv/index.html')).toBe(false);
    }
    expect(emit('will-attach-webview')).toBe(true);
  });

  it('denies every window.open', () => {
    const { contents, open } = fakeContents();
    hardenWebContents(contents as never);
    expect(open('https://example.org/')).toEqual({ action: 'deny' });
    expect(open('app://sv/index.html')).toEqual({ action: 'deny' });
  });
});

describe('session hardening', () => {
  function hardened() {
    const session = {
      setPermissionRequestHandler: vi.fn(),
      setPermissionCheckHandler: vi.fn(),
      setDevicePermissionHandler: vi.fn(),
      webRequest: { onBeforeRequest: vi.fn() },
    };
    hardenSession(session as never);
    return session;
  }

  it('denies every permission request and check but writing to the clipboard from our page', () => {
    const session = hardened();
    const request = session.setPermissionRequestHandler.mock.calls[0]?.[0] as Listener;
    const answer = (permission: string, requestingUrl: string) => {
      const callback = vi.fn();
      request({}, permission, callback, { requestingUrl });
      return callback.mock.calls[0]?.[0] as boolean;
    };
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal']) {
      expect(answer(permission, 'app://sv/index.html'), permission).toBe(false);
    }
    expect(answer('clipboard-sanitized-write', 'app://sv/index.html')).toBe(true); // "Copy chart"
    expect(answer('clipboard-sanitized-write', 'https://example.org/')).toBe(false);
    const check = session.setPermissionCheckHandler.mock.calls[0]?.[0] as Listener;
    expect(check({}, 'media', 'app://sv', {})).toBe(false);
    expect(check({}, 'clipboard-read', 'app://sv', {})).toBe(false);
    expect(check({}, 'clipboard-sanitized-write', 'app://sv', {})).toBe(true);
    expect(check({}, 'clipboard-sanitized-write', 'http://127.0.0.1:5173', {})).toBe(false);
    const device = session.setDevicePermissionHandler.mock.calls[0]?.[0] as Listener;
    expect(device({ deviceType: 'usb', origin: 'app://sv' })).toBe(false);
  });

  it('cancels every request that is not app://sv or devtools', () => {
    const session = hardened();
    const filter = session.webRequest.onBeforeRequest.mock.calls[0]?.[0] as Listener;
    const cancelled = (url: string): boolean => {
      let answer: { cancel?: boolean } = {};
      filter({ url }, (r: { cancel?: boolean }) => (answer = r));
      return answer.cancel === true;
    };
    expect(cancelled('http://example.org/')).toBe(true);
    expect(cancelled('https://www.google-analytics.com/collect')).toBe(true);
    expect(cancelled('file:///etc/passwd')).toBe(true);
    expect(cancelled('ws://127.0.0.1:9229/')).toBe(true);
    expect(cancelled('wss://example.org/')).toBe(true);
    expect(cancelled('ftp://example.org/')).toBe(true);
    expect(cancelled('app://other/index.html')).toBe(true);
    expect(cancelled('blob:https://example.org/1234')).toBe(true);
    expect(cancelled('app://sv/index.html')).toBe(false);
    expect(cancelled('app://sv/assets/index-abc.js')).toBe(false);
    expect(cancelled('devtools://devtools/bundled/inspector.html')).toBe(false);
    expect(cancelled('blob:app://sv/5d1c9f0e')).toBe(false);
    expect(cancelled('data:image/png;base64,AAAA')).toBe(false);
  });

  it('rejects URLs that only look like ours', () => {
    expect(isAllowedRequestUrl('app://sv.evil.example/')).toBe(false);
    expect(isAllowedRequestUrl('app:/sv/index.html')).toBe(false);
    expect(isAllowedRequestUrl('not a url')).toBe(false);
  });
});
