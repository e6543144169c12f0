export * from './api.js';
export * from './errors.js';
export * from './mapping.js';
export * from './schemas.js';
export * from './validate.js';
export * from './profile-json.js';
export * from './export.js';
