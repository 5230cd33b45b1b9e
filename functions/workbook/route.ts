import type { Hono } from 'hono';
import type { Engine } from '../../shared/src/index.js';
import type { Env } from '../app.js';
import type { AppConfig } from '../config.js';
import { readCapped } from '../middleware/limits.js';
import { problem, requestLang } from '../middleware/problem.js';
import { addHeader, reqHeader, send } from '../middleware/respond.js';
import type { WorkbookProblem } from './recalc.js';
import { WorkbookError, keptReasons, recalcWorkbook } from './recalc.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const STATUS: Record<WorkbookProblem, number> = { notWorkbook: 400, encrypted: 400, corrupt: 400, tooLarge: 413, unparsable: 422, notRecomputed: 422, policy: 404 };

/**
 * POST /v1/workbooks/recalc: an .xlsx in (at most the workbook limit, 5 MiB by default: the Lambda
 * payload limit is 6 MB), the recalculated .xlsx out, with the policy used in `X-Policy`. The
 * workbook's own policy setting wins; `X-Policy` or `?policy=` in the request is the fallback.
 * Mounted by the hosts that carry the spreadsheet engine (the Node server, the workbooks Lambda).
 */
export function mountRecalc(app: Hono<Env>, config: AppConfig, engine: Engine): void {
  app.post('/v1/workbooks/recalc', async (c) => {
    const lang = requestLang(c);
    const body = await readCapped(c, config.limits.workbookBytes);
    if (!body.ok) return body.res;
    try {
      const strict = /^(1|true)$/i.test(reqHeader(c, 'x-strict') ?? c.req.query('strict') ?? '');
      const r = recalcWorkbook(body.bytes, { engine, policy: reqHeader(c, 'x-policy') ?? c.req.query('policy'), lang, strict });
      addHeader(c, 'X-Policy', r.summary.policy);
      addHeader(c, 'X-Formulas', String(r.summary.formulas));
      addHeader(c, 'X-Errors', JSON.stringify(r.summary.errors));
      addHeader(c, 'X-Evaluator', r.summary.engine);
      // Cells not recomputed keep the value the file cached; how many, and why (JSON: reason → count).
      addHeader(c, 'X-Kept', String(r.summary.kept.length));
      if (r.summary.kept.length) addHeader(c, 'X-Kept-Reasons', JSON.stringify(keptReasons(r.summary.kept)));
      c.set('log', { calls: r.summary.formulas, policy: r.summary.policy });
      return send(c, r.bytes, 200, XLSX_TYPE);
    } catch (e) {
      if (!(e instanceof WorkbookError)) throw e;
      return problem(c, STATUS[e.problem], e.message, { problem: e.problem, ...(e.cell ? { cell: e.cell } : {}) }, lang);
    }
  });
}
