export { previewImport, discardImport } from './preview.js';
export { commitImport } from './commit.js';
export { listSources } from './importLog.js';
export { importCanonicalCsv } from './canonicalImport.js';
export { suggestTableName } from './tableName.js';
