export { previewImport, commitImport, discardImport } from './preview.js';
export { importCanonicalCsv } from './canonicalImport.js';
export { suggestTableName } from './tableName.js';
