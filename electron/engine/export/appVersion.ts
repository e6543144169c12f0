import pkg from '../../../package.json' with { type: 'json' };

/**
 * The app's version for provenance (package.json `version`). Imported, not read at run time:
 * the build bundles it into the engine host, so it is right in the packaged app too, where no
 * package.json sits beside the code.
 */
export const APP_VERSION: string = pkg.version;
