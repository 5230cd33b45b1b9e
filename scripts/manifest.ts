import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEFAULT_BASE_URL, manifestXml } from '../addin/manifest.js';
import pkg from '../package.json' with { type: 'json' };

// `npm run manifest [-- --base-url https://host/path] [-o FILE]`: writes the add-in manifest for a
// deployment whose add-in files (dist/addin) are served at the base URL. Without options it rewrites
// the project's manifest.xml for https://localhost:3000/addin (sideloading against `npm start`).
const { values } = parseArgs({ options: { 'base-url': { type: 'string' }, out: { type: 'string', short: 'o' } } });
const base = values['base-url'] ?? DEFAULT_BASE_URL;
try {
  const u = new URL(base);
  if (u.protocol !== 'https:') console.warn('警告 warning: Office requires HTTPS for add-in files; this manifest will not sideload as is.');
} catch {
  console.error(`不是有效的地址 not a URL: ${base}`);
  process.exit(1);
}
const out = values.out ?? (values['base-url'] ? 'dist/manifest.xml' : 'manifest.xml');
writeFileSync(out, manifestXml(base, pkg.version));
console.log(`wrote ${out} for ${base}`);
