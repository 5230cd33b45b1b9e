import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeDeployment } from '../addin/assets.js';
import { ADDIN_ID, DEFAULT_BASE_URL, isGuid } from '../addin/manifest.js';
import { parseOrgConfig } from '../addin/storage.js';
import { shippedRegistry } from '../shared/src/index.js';
import pkg from '../package.json' with { type: 'json' };

// `npm run manifest [-- options]`: the add-in for one deployment. Without options it rewrites the
// project's manifest.xml for https://localhost:3000/addin (sideloading against `npm start`). With
// --base-url it writes a deployment of its own (default dist/deploy/, which no build touches): a copy
// of dist/addin (run `npm run build` first) whose metadata links to that address, config.json (the
// defaults every user of the deployment gets without typing them) and manifest.xml.
const HELP = `npm run manifest -- [options]
  --base-url URL     where the deployment's addin/ folder is served (HTTPS) 加载项文件的地址
  --id GUID          the add-in's id, required with --base-url: one per deployment (test, production) 每个部署各用一个 GUID
  --name-suffix TEXT appended to the add-in's name, e.g. "(test)" 名称后缀
  --version X.Y.Z.W  the manifest version (default: package.json); Excel re-reads functions.json only when it changes
  --service-url URL  the PolicyCell API every user computes with (remote mode) 默认服务地址
  --policy ID@VER    the policy of workbooks that name none        未指定制度版本的工作簿使用的版本
  --mode local|remote   default: remote when --service-url is given
  --out-dir DIR      the deployment's folder (default dist/deploy): DIR/addin to serve, DIR/manifest.xml to deploy
  -o FILE            without --base-url: where the local manifest goes (default manifest.xml)`;

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
      'out-dir': { type: 'string' },
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
const deployment = values['base-url'] !== undefined;
if (deployment && (values.id === undefined || values.id.toLowerCase() === ADDIN_ID)) {
  fail('部署需要自己的 --id（GUID，测试与生产各不相同）', "a deployment needs an --id of its own (a GUID, different for test and production), not the development add-in's");
}
if (values.version !== undefined && !/^\d+(\.\d+){0,3}$/.test(values.version)) fail(`--version 应为 X.Y.Z.W：${values.version}`, `--version must be X.Y.Z.W: ${values.version}`);
if (values.mode !== undefined && values.mode !== 'local' && values.mode !== 'remote') fail('--mode 只能是 local 或 remote', '--mode is local or remote');
if (values['service-url']) checkUrl(values['service-url'], 'the service URL');
const config = parseOrgConfig({ endpoint: values['service-url'], policy: values.policy, mode: values.mode });
if (values.policy && !config.policy) fail(`--policy 应为 id@version：${values.policy}`, `--policy must be id@version: ${values.policy}`);
if (config.policy && !shippedRegistry().has(config.policy)) {
  // Local mode computes with the policies bundled into functions.js; only the service knows others.
  if (config.mode !== 'remote') fail(`本机计算没有制度版本 ${config.policy}（加载项只带 ${shippedRegistry().refs().join('、')}）`, `local mode has no policy ${config.policy} (the add-in ships ${shippedRegistry().refs().join(', ')})`);
  console.warn(`警告 warning: ${config.policy} is not shipped with the add-in: workbooks that name no policy compute with it through the service only. Recalculate them with \`policycell recalc --policy ${config.policy}\` to get the same numbers.`);
}

const built = join(process.cwd(), 'dist/addin');
const outDir = values['out-dir'] ?? join(process.cwd(), 'dist/deploy');
const addinDir = deployment ? join(outDir, 'addin') : undefined;
const out = deployment ? join(outDir, 'manifest.xml') : (values.out ?? 'manifest.xml');
if (deployment) {
  if (!existsSync(join(built, 'functions.js'))) fail('请先运行 npm run build', 'run `npm run build` first: dist/addin is missing');
  rmSync(addinDir!, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  cpSync(built, addinDir!, { recursive: true, filter: (f) => !f.endsWith('.map') && !f.endsWith('manifest.xml') });
}
writeDeployment(addinDir, out, {
  baseUrl: base,
  id: values.id,
  nameSuffix: values['name-suffix'],
  version: values.version ?? pkg.version,
  config,
});
console.log(deployment ? `wrote ${outDir}: serve addin/ at ${base}, deploy manifest.xml` : `wrote ${out} for ${base}`);
if (deployment) console.log('Excel keeps functions.json until the manifest version changes: give every release a new --version. · Excel 在清单版本变化前缓存 functions.json：每次发布请提高 --version。');
