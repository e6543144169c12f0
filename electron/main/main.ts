import { runApp } from './app.js';

// Bundled to dist/electron/main.cjs (CommonJS), where __dirname is the bundle's folder.
runApp({ bundleDir: __dirname });
