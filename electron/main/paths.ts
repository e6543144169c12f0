import { join } from 'node:path';

export interface AppLocations {
  isPackaged: boolean;
  /** app.getAppPath(): the project root in dev, resources/app.asar when packaged. */
  appPath: string;
  /** Folder of the running main.cjs bundle (dist/electron); preload and host sit beside it. */
  bundleDir: string;
  /** process.resourcesPath: where electron-builder puts extraResources. */
  resourcesPath: string;
  /** app.getPath('userData'). */
  userDataPath: string;
  /** app.getPath('documents'): where the analyst keeps their own files. */
  documentsPath: string;
}

export interface AppPaths {
  rendererDir: string;
  preloadPath: string;
  hostPath: string;
  queriesDir: string;
  demoWorkspaceDir: string;
  /** The analyst's own saved queries: theirs to see, back up and share, so not hidden in userData. */
  userLibraryDir: string;
}

/** Where everything lives, in dev (`npm start`) and in a packaged build (see electron-builder.yml). */
export function resolveAppPaths(loc: AppLocations): AppPaths {
  return {
    rendererDir: join(loc.appPath, 'dist', 'renderer'),
    preloadPath: join(loc.bundleDir, 'preload.cjs'),
    hostPath: join(loc.bundleDir, 'host.cjs'),
    // Saved queries are extraResources: outside the asar, so analysts and auditors can read them.
    queriesDir: loc.isPackaged ? join(loc.resourcesPath, 'queries') : join(loc.appPath, 'queries'),
    demoWorkspaceDir: join(loc.userDataPath, 'demo-workspace'),
    userLibraryDir: join(loc.documentsPath, 'SV Workbench', 'Queries'),
  };
}
