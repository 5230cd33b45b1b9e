import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Marked } from 'marked';
import { renderFunctionReference } from '../scripts/docs-gen.js';
import { iconPng } from './icons.js';
import type { ManifestOptions } from './manifest.js';
import { DEFAULT_BASE_URL, ICON_SIZES, REFERENCE_PAGE, manifestXml } from './manifest.js';
import { functionsMetadata } from './metadata.js';
import type { OrgConfig } from './storage.js';
import { VERSION_INFO } from './version-info.js';

const OFFICE_JS = '<script src="https://appsforoffice.microsoft.com/lib/1/hosted/office.js"></script>';

/** The playground of `npm start`: the task pane's page without office.js, so it works offline in any browser. */
export function playgroundHtml(taskpane: string): string {
  if (!taskpane.includes(OFFICE_JS)) throw new Error('taskpane.html no longer loads office.js as expected');
  return taskpane.replace(/\s*<!-- Office loads this page[\s\S]*?-->\s*/, '\n  ').replace(OFFICE_JS, '<!-- playground: the task pane without office.js (works offline, outside Office) -->');
}

/**
 * The function reference as a page of the add-in, the target of each function's helpUrl (Excel shows
 * it in a pane) and of the manifest's SupportUrl: the same text as docs/functions.md, with an anchor
 * per function id (`reference.html#commission`).
 */
export function referenceHtml(): string {
  const md = new Marked({
    renderer: {
      heading(t) {
        const id = /^([A-Z][A-Z0-9_.]*) —/.exec(t.text)?.[1]?.toLowerCase();
        return `<h${t.depth}${id ? ` id="${id}"` : ''}>${this.parser.parseInline(t.tokens)}</h${t.depth}>\n`;
      },
    },
  });
  const body = md.parse(renderFunctionReference(), { async: false });
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>PolicyCell 函数参考 · Function reference</title>
<style>
body{font-family:'Segoe UI','Microsoft YaHei','PingFang SC',system-ui,sans-serif;color:#242424;margin:0}
main{max-width:960px;margin:0 auto;padding:8px 16px}
h1{font-size:22px}h2{font-size:18px;border-bottom:1px solid #d1d1d1;padding-bottom:4px}h3{font-size:15px;margin-top:28px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}td,th{border:1px solid #d1d1d1;padding:3px 8px;text-align:left;vertical-align:top}
code{background:#f5f5f5;padding:1px 4px;border-radius:4px}blockquote{color:#616161;margin:8px 0;padding-left:12px;border-left:3px solid #d1d1d1}
a{color:#0f6cbd}
</style>
</head>
<body>
<main>
${body}</main>
</body>
</html>
`;
}

/**
 * The per-deployment files: the manifest, and in the add-in's folder (when given) the metadata with
 * help links for the base URL and config.json.
 */
export function writeDeployment(addinDir: string | undefined, manifestOut: string, opts: ManifestOptions & { config?: OrgConfig }): void {
  const base = (opts.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, '');
  const help = `${base}/${REFERENCE_PAGE}`;
  const xml = manifestXml({ ...opts, baseUrl: base }); // checks the options before anything is written
  if (addinDir) {
    writeFileSync(join(addinDir, 'functions.json'), `${JSON.stringify(functionsMetadata('en', help), null, 2)}\n`);
    writeFileSync(join(addinDir, 'functions.zh-CN.json'), `${JSON.stringify(functionsMetadata('zh-CN', help), null, 2)}\n`);
    writeFileSync(join(addinDir, 'config.json'), `${JSON.stringify(opts.config ?? {}, null, 2)}\n`);
  }
  writeFileSync(manifestOut, xml);
}

/** Writes the add-in's generated files into `out` (dist/addin): metadata in both languages, icons, the pages. */
export function writeAddinAssets(root: string, out: string): void {
  mkdirSync(join(out, 'assets'), { recursive: true });
  for (const size of ICON_SIZES) writeFileSync(join(out, 'assets', `icon-${size}.png`), iconPng(size));
  copyFileSync(join(root, 'addin/taskpane/taskpane.css'), join(out, 'taskpane.css'));
  const taskpane = readFileSync(join(root, 'addin/taskpane/taskpane.html'), 'utf8');
  writeFileSync(join(out, 'taskpane.html'), taskpane);
  writeFileSync(join(out, 'playground.html'), playgroundHtml(taskpane));
  writeFileSync(join(out, REFERENCE_PAGE), referenceHtml());
  // For the local server: a manifest next to the files it names (the top-level manifest.xml is the same).
  writeDeployment(out, join(out, 'manifest.xml'), { version: VERSION_INFO });
}
