import { mkdirSync } from 'node:fs';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { createServer, preview, type ProxyOptions } from 'vite';
import { startBridge } from '../electron/bridge/server.js';
import { createEngine, type Engine } from '../electron/engine/engine.js';

/**
 * The renderer in a browser against the real engine: engine in this process, the loopback
 * bridge on a random port, and Vite serving the renderer with a same-origin proxy to the
 * bridge (so the page's CSP stays `connect-src 'self'`). Used by `npm run dev:web` and the
 * end-to-end tests; never by the packaged app.
 */
export interface WebSessionOptions {
  workspaceDir: string;
  demo: boolean;
  /** 'dev' = Vite dev server with hot reload; 'preview' = the built bridge bundle (dist/renderer-bridge). */
  mode: 'dev' | 'preview';
  testControls?: boolean;
  port?: number;
  /** The analyst's own saved queries (the app keeps them in Documents); none when absent. */
  userLibraryDir?: string;
}

export interface WebSession {
  /** Page URL including the bridge token. */
  url: string;
  engine: Engine;
  bridgeUrl: string;
  token: string;
  close(): Promise<void>;
}

const root = resolve(import.meta.dirname, '..');

async function freePort(): Promise<number> {
  const srv = createNetServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export async function startWebSession(opts: WebSessionOptions): Promise<WebSession> {
  const engine = await createEngine({
    workspaceDir: opts.workspaceDir,
    queriesDir: join(root, 'queries'),
    demo: opts.demo,
    ...(opts.userLibraryDir ? { userLibraryDir: opts.userLibraryDir } : {}),
  });
  const uploadDir = join(opts.workspaceDir, 'uploads');
  mkdirSync(uploadDir, { recursive: true });
  const bridge = await startBridge({ engine, uploadDir, testControls: opts.testControls ?? false });
  const proxy: Record<string, ProxyOptions> = {
    '/sv-bridge': { target: bridge.url, changeOrigin: true, rewrite: (p) => p.replace(/^\/sv-bridge/, '') },
  };
  const port = opts.port ?? (await freePort());
  const common = { configFile: join(root, 'vite.config.ts'), mode: 'bridge', logLevel: 'warn' as const };
  const server =
    opts.mode === 'dev'
      ? await createServer({ ...common, server: { host: '127.0.0.1', port, strictPort: true, proxy } })
      : await preview({
          ...common,
          build: { outDir: join(root, 'dist/renderer-bridge') },
          preview: { host: '127.0.0.1', port, strictPort: true, proxy },
        });
  if ('listen' in server && opts.mode === 'dev') await server.listen();
  const base = `http://127.0.0.1:${port}/`;
  return {
    url: `${base}?token=${bridge.token}`,
    engine,
    bridgeUrl: bridge.url,
    token: bridge.token,
    async close() {
      await server.close();
      await bridge.close();
      await engine.close();
    },
  };
}
