import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = resolve(import.meta.dirname, '..');
const config = parse(readFileSync(resolve(root, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;

interface Validator {
  validateConfiguration(config: unknown, logger: { isEnabled: boolean; add(): void }): Promise<void>;
}

describe('electron-builder.yml', () => {
  it("passes electron-builder's own schema", async () => {
    // electron-builder exports no public validator; this is the one its CLI runs first.
    const require = createRequire(import.meta.url);
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as Validator;
    await expect(validateConfiguration(config, { isEnabled: false, add: () => undefined })).resolves.toBeUndefined();
    await expect(
      validateConfiguration({ ...config, autoUpdate: true }, { isEnabled: false, add: () => undefined }),
    ).rejects.toThrow(/autoUpdate/);
  });

  it('ships the app bundles, never the dev bridge, and nothing that phones home', () => {
    expect(config).toMatchObject({ appId: 'uk.gov.svworkbench', productName: 'SV Workbench', publish: null, npmRebuild: false });
    expect(config.files).toEqual(
      expect.arrayContaining(['dist/**', '!dist/renderer-bridge{,/**}', '!**/electron/bridge{,/**}']),
    );
    expect(config.asarUnpack).toEqual(['**/node_modules/@duckdb/**']);
    expect(config.electronFuses).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true, grantFileProtocolExtraPrivileges: false });
  });

  it('puts the query library and the engine files (reference data, SQL) outside the asar', () => {
    expect(config.extraResources).toEqual([
      { from: 'queries', to: 'queries', filter: ['**/*'] },
      { from: 'dist/electron/assets', to: 'engine-assets', filter: ['**/*'] },
    ]);
  });

  it('builds the installers asked for', () => {
    expect(config.win).toMatchObject({ target: ['nsis', 'portable'] });
    expect(config.linux).toMatchObject({ target: ['AppImage', 'deb'] });
    expect(config.mac).toMatchObject({ target: ['dmg'] });
  });
});
