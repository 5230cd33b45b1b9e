// `npm start`: builds what is missing or stale (the server, the Lambda bundle, the add-in), then serves.
import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ROOT, TARGETS, build } from './build.mjs';

await build(Object.keys(TARGETS), { onlyStale: true });
// Node's compile cache (22.1 and later) keeps the server's compiled code between starts.
const { default: nodeModule } = await import('node:module');
nodeModule.enableCompileCache?.();
await import(pathToFileURL(join(ROOT, 'dist/server.mjs')).href);
