#!/usr/bin/env node
// The `policycell` command. Runs the bundled CLI, rebuilding it first when a source is newer
// (so a clone works right after `npm ci`, and an edit shows up without a separate build step).
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist/cli.mjs');
const canBuild = existsSync(join(root, 'node_modules/esbuild')) && existsSync(join(root, 'functions/cli/cli.ts'));
if (canBuild) {
  const { build } = await import(pathToFileURL(join(root, 'scripts/build.mjs')).href);
  await build(['cli'], { onlyStale: true });
}
// Node's compile cache (22.1 and later) keeps the bundle's compiled code between runs: a folder of
// workbooks recalculated again and again starts faster. Older Node has none, and runs as it is.
const { default: nodeModule } = await import('node:module');
nodeModule.enableCompileCache?.();
await import(pathToFileURL(out).href);
