import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * React refresh injects an inline script in the dev server, which the strict CSP forbids.
 * Only `vite` serve drops the meta; production and bridge builds keep it.
 */
function dropCspInDevServer(): Plugin {
  return {
    name: 'sv-drop-csp-in-dev-server',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv="Content-Security-Policy"[^>]*>\s*/i, ''),
  };
}

export default defineConfig({
  root: 'renderer',
  // The app loads the build from a custom app:// protocol, so every URL must be relative.
  base: './',
  plugins: [react(), dropCspInDevServer()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Plotly is one large UMD file loaded on demand; it is not worth a warning.
    chunkSizeWarningLimit: 5000,
  },
  // The /sv-bridge proxy to the loopback bridge is added by scripts/web-session.ts, which knows its port.
});
