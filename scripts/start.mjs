// `npm start`: builds what is missing or stale (the server, the Lambda bundle, the add-in), then serves.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ROOT, TARGETS, build } from './build.mjs';

await build(Object.keys(TARGETS), { onlyStale: true });
await import(pathToFileURL(join(ROOT, 'dist/server.mjs')).href);
