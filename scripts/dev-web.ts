import { resolve } from 'node:path';
import { startWebSession } from './web-session.js';

/**
 * `npm run dev:web [-- <workspace folder>]`: the app in a browser, for machines without the
 * Electron binary and for renderer work. The workspace defaults to the demo partnership; the
 * analyst's own saved queries go to SV_USER_LIBRARY (default .workspaces/my-queries).
 */
const workspaceDir = resolve(process.argv[2] ?? '.workspaces/demo');
const userLibraryDir = resolve(process.env.SV_USER_LIBRARY ?? '.workspaces/my-queries');
const session = await startWebSession({
  workspaceDir,
  userLibraryDir,
  demo: true,
  mode: process.env.SV_WEB_MODE === 'preview' ? 'preview' : 'dev',
});
console.log(`SV Workbench (browser build) on workspace ${workspaceDir}`);
console.log(`Your own saved queries: ${userLibraryDir}`);
console.log(`Open: ${session.url}`);
console.log('Loopback only; the token in the URL is required for every call. Ctrl+C to stop.');
const stop = () => void session.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
