import pkg from '../package.json' with { type: 'json' };

/** PolicyCell's version, shown in the task pane. */
export const VERSION_INFO: string = pkg.version;
