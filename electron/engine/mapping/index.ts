export { proposeMapping } from './propose.js';
export { previewMapping } from './preview.js';
export { identityProfile } from './identity.js';
export { checkLayout } from './layout.js';
export { tableKey } from './keys.js';
