export type ElectronStatus = { ok: true; path: string } | { ok: false; reason: string };
export declare function installedElectronPath(electronDir: string, env?: NodeJS.ProcessEnv): string | null;
export declare function ensureElectron(opts?: { electronDir?: string; env?: NodeJS.ProcessEnv }): ElectronStatus;
export declare function offlineMessage(reason: string): string;
