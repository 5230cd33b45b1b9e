import pkg from '../package.json' with { type: 'json' };

/** The version of PolicyCell, from package.json (bundled into every host). */
export const VERSION: string = pkg.version;
