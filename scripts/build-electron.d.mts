export declare const ASSETS_DIR: string;
export declare const PACKAGED_ASSETS_DIR: string;
export interface BuildElectronResult {
  outDir: string;
  /** Source-relative paths of the engine asset files copied into <outDir>/assets. */
  assets: string[];
  /** Source files bundled into each output (posix, relative to the repo). */
  inputs: { main: string[]; preload: string[]; host: string[] };
}
export declare function buildElectron(opts?: { outDir?: string; log?: (message: string) => void }): Promise<BuildElectronResult>;
