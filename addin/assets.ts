import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { iconPng } from './icons.js';
import { ICON_SIZES, manifestXml } from './manifest.js';
import { functionsMetadata } from './metadata.js';
import { VERSION_INFO } from './version-info.js';

/** Writes the add-in's generated files into `out` (dist/addin): metadata in both languages, icons, the page. */
export function writeAddinAssets(root: string, out: string): void {
  mkdirSync(join(out, 'assets'), { recursive: true });
  writeFileSync(join(out, 'functions.json'), `${JSON.stringify(functionsMetadata('en'), null, 2)}\n`);
  writeFileSync(join(out, 'functions.zh-CN.json'), `${JSON.stringify(functionsMetadata('zh-CN'), null, 2)}\n`);
  for (const size of ICON_SIZES) writeFileSync(join(out, 'assets', `icon-${size}.png`), iconPng(size));
  for (const f of ['taskpane.html', 'taskpane.css']) copyFileSync(join(root, 'addin/taskpane', f), join(out, f));
  // A manifest for the local server, next to the files it names (the top-level manifest.xml is the same).
  writeFileSync(join(out, 'manifest.xml'), manifestXml(undefined, VERSION_INFO));
}
