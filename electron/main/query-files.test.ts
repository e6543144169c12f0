import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { engineFailure } from '../testing/engineFailure.js';
import { QUERY_FILE_MAX_CHARS } from '../contract/index.js';
import { exportQueryDialogOptions, importQueryDialogOptions, readQueryFile, writeQueryFile } from './query-files.js';

const dir = mkdtempSync(join(tmpdir(), 'sv-query-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('query file dialogs', () => {
  it('offer .sql files and suggest <id>.sql when saving', () => {
    expect(exportQueryDialogOptions('my-knives.sql')).toEqual({
      title: 'Save the query to share',
      defaultPath: 'my-knives.sql',
      filters: [{ name: 'SV Workbench query (SQL)', extensions: ['sql'] }],
      properties: ['createDirectory', 'showOverwriteConfirmation'],
    });
    expect(importQueryDialogOptions()).toEqual({
      title: 'Open a query file',
      properties: ['openFile'],
      filters: [{ name: 'SV Workbench query (SQL)', extensions: ['sql'] }],
    });
  });
});

describe('reading and writing query files', () => {
  it('writes the text as given and reads it back with its name only', async () => {
    const path = join(dir, 'my-knives.sql');
    const text = '/*\nid: my-knives\n*/\nSELECT 1\r\n';
    await writeQueryFile(path, { fileName: 'my-knives.sql', text });
    expect(readFileSync(path, 'utf8')).toBe(text);
    expect(await readQueryFile(path)).toEqual({ fileName: 'my-knives.sql', text });
  });

  it('refuses a file over 1 MB unread, and says when it is gone or a folder', async () => {
    const big = join(dir, 'big.sql');
    writeFileSync(big, 'x'.repeat(QUERY_FILE_MAX_CHARS + 1));
    expect(await engineFailure(() => readQueryFile(big))).toMatchObject({
      code: 'import_failed',
      message: 'big.sql: is 1,048,577 bytes; a query file is at most 1 MB',
    });
    expect(await engineFailure(() => readQueryFile(join(dir, 'gone.sql')))).toMatchObject({ code: 'not_found', message: 'gone.sql: file not found' });
    mkdirSync(join(dir, 'folder.sql'));
    expect(await engineFailure(() => readQueryFile(join(dir, 'folder.sql')))).toMatchObject({ code: 'import_failed', message: 'folder.sql: is not a file' });
  });
});
