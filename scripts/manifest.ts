import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDeployment } from '../addin/assets.js';
import { DEFAULT_BASE_URL, isGuid } from '../addin/manifest.js';
import { parseOrgConfig } from '../addin/storage.js';
import pkg from '../package.json' with { type: 'json' };

// `npm run manifest [-- options]`: the add-in for one deployment. Without options it rewrites the
// project's manifest.xml for https://localhost:3000/addin (sideloading against `npm start`). With
// --base-url it writes dist/manifest.xml, and into dist/addin (run `npm run build` first) the metadata
// whose help links point at that address and config.json, the defaults every user of the deployment
// gets without typing them.
const HELP = `npm run manifest -- [options]
  --base-url URL     where dist/addin is served (HTTPS)          加载项文件的地址
  --id GUID          the add-in's id: one per deployment          每个部署（测试、生产）各用一个 GUID
  --name-suffix TEXT appended to the add-in's name, e.g. "(test)" 名称后缀
  --version X.Y.Z.W  the manifest version (default: package.json); Excel re-reads functions.json only when it changes
  --service-url URL  the PolicyCell API every user computes with (remote mode) 默认服务地址
  --policy ID@VER    the policy of workbooks that name none        未指定制度版本的工作簿使用的版本
  --mode local|remote   default: remote when --service-url is given
  --addin-dir DIR    the built add-in to write into (default dist/addin)
  -o FILE            where the manifest goes (default dist/manifest.xml with --base-url, else manifest.xml)`;

let values;
try {
  ({ values } = parseArgs({
    options: {
      'base-url': { type: 'string' },
      id: { type: 'string' },
      'name-suffix': { type: 'string' },
      version: { type: 'string' },
      'service-url': { type: 'string' },
      policy: { type: 'string' },
      mode: { type: 'string' },
      out: { type: 'string', short: 'o' },
      'addin-dir': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  }));
} catch (e) {
  console.error(`${e instanceof Error ? e.message : String(e)}\n${HELP}`);
  process.exit(2);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const fail = (zh: string, en: string): never => {
  console.error(`${zh} · ${en}`);
  process.exit(1);
};
const base = values['base-url'] ?? DEFAULT_BASE_URL;
const checkUrl = (u: string, what: string) => {
  try {
    const url = new URL(u);
    if (url.protocol !== 'https:') console.warn(`警告 warning: ${what} is not HTTPS (${u}); Office requires HTTPS.`);
  } catch {
    fail(`不是有效的地址：${u}`, `not a URL: ${u}`);
  }
};
checkUrl(base, 'the base URL');
if (values.id !== undefined && !isGuid(values.id)) fail(`--id 应为 GUID：${values.id}`, `--id must be a GUID: ${values.id}`);
if (values.version !== undefined && !/^\d+(\.\d+){0,3}$/.test(values.version)) fail(`--version 应为 X.Y.Z.W：${values.version}`, `--version must be X.Y.Z.W: ${values.version}`);
if (values.mode !== undefined && values.mode !== 'local' && values.mode !== 'remote') fail('--mode 只能是 local 或 remote', '--mode is local or remote');
if (values['service-url']) checkUrl(values['service-url'], 'the service URL');
const config = parseOrgConfig({ endpoint: values['service-url'], policy: values.policy, mode: values.mode });
if (values.policy && !config.policy) fail(`--policy 应为 id@version：${values.policy}`, `--policy must be id@version: ${values.policy}`);

const addinDir = values['addin-dir'] ?? join(process.cwd(), 'dist/addin');
const deployment = values['base-url'] !== undefined;
const out = values.out ?? (deployment ? 'dist/manifest.xml' : 'manifest.xml');
if (deployment && !existsSync(join(addinDir, 'functions.js'))) fail('请先运行 npm run build', 'run `npm run build` first: dist/addin is missing');
writeDeployment(deployment ? addinDir : undefined, out, {
  baseUrl: base,
  id: values.id,
  nameSuffix: values['name-suffix'],
  version: values.version ?? pkg.version,
  config,
});
console.log(`wrote ${out} for ${base}${deployment ? ` and ${addinDir}/{functions.json,functions.zh-CN.json,config.json}` : ''}`);
if (deployment) console.log('Excel keeps functions.json until the manifest version changes: give every release a new --version. · Excel 在清单版本变化前缓存 functions.json：每次发布请提高 --version。');
