import { benchApi } from './api.js';
import { benchFanout } from './fanout.js';
import { benchHardening } from './hardening.js';
import { benchLambda } from './lambda.js';
import { benchRecalc } from './recalc.js';
import { benchRules } from './rules.js';

// `npm run bench [-- rules|api|hardening|lambda|recalc|fanout]`: every benchmark prints ratios measured side by side in one run.
const which = process.argv.slice(2);
const all = which.length === 0;

if (all || which.includes('rules')) {
  console.log(await benchRules());
  console.log();
}

if (all || which.includes('api')) {
  const soak = Number(process.env.SOAK_SECONDS ?? 60);
  console.log(await benchApi(Number(process.env.ROUTE_SECONDS ?? 10), soak));
  console.log();
}

if (all || which.includes('hardening')) {
  console.log(await benchHardening());
  console.log();
}

if (all || which.includes('lambda')) {
  console.log(await benchLambda());
  console.log();
}

if (all || which.includes('recalc')) {
  console.log(await benchRecalc());
  console.log();
}

if (all || which.includes('fanout')) {
  console.log(await benchFanout());
  console.log();
}
