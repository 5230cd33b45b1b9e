// AWS Lambda entry: the same Hono app behind API Gateway (HTTP API v2 or REST v1), one bundle.
// hono/aws-lambda moves to @hono/aws-lambda in Hono v5; it is imported in this file only.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { handle } from 'hono/aws-lambda';
import type { LambdaEvent } from 'hono/aws-lambda';
import { Engine } from '../../shared/src/index.js';
import { createApp } from '../http/app.js';
import { configFromEnv } from '../config.js';
import { loadRegistry } from '../policy-dir.js';
import { guardEvents } from './lambda-event.js';
import { lambdaAnswers } from './lambda-answer.js';
import { VERSION } from '../version.js';

const WORKBOOK_ROUTE = '/v1/workbooks/recalc';

/**
 * The workbooks function's bundle when it lies beside this one (dist/ after `npm run build`):
 * this handler then answers every route of the HTTP API (docs/http-api.md), the workbook route
 * included, loading the spreadsheet engine on the first workbook only, so a single call's cold
 * start is unchanged. The deployed API function's zip holds this bundle alone (serverless.yml
 * sends the workbook route to the workbooks function, which has its own memory and time): there
 * the route answers 501.
 */
function workbooksBundle(): string | undefined {
  try {
    const file = join(dirname(fileURLToPath(import.meta.url)), 'lambda-workbooks.mjs');
    return existsSync(file) ? pathToFileURL(file).href : undefined;
  } catch {
    return undefined;
  }
}

function isWorkbookRoute(event: unknown): boolean {
  if (typeof event !== 'object' || event === null) return false;
  const e = event as { rawPath?: unknown; path?: unknown };
  return (typeof e.rawPath === 'string' ? e.rawPath : e.path) === WORKBOOK_ROUTE;
}

/** A handler configured from an environment (tests build their own; Lambda uses process.env). */
export function makeHandler(env: NodeJS.ProcessEnv) {
  const api = handle(lambdaAnswers(createApp(new Engine(loadRegistry(env.POLICYCELL_POLICY_DIR)), configFromEnv(env, VERSION))));
  const bundle = workbooksBundle();
  if (!bundle) return guardEvents(api);
  let workbooks: Promise<typeof api> | undefined;
  const both = async (event: LambdaEvent, context?: never) => {
    if (!isWorkbookRoute(event)) return api(event, context);
    // Configured from the same environment as this handler. A bundle that fails to load is tried
    // again on the next workbook; this one gets guardEvents' 500 problem, not a rejected promise.
    workbooks ??= import(bundle).then((m: { makeHandler: (e: NodeJS.ProcessEnv) => typeof api }) => m.makeHandler(env));
    try {
      return await (await workbooks)(event, context);
    } catch (e) {
      workbooks = undefined;
      throw e;
    }
  };
  // One guard over both: an event is checked once, whichever handler answers it.
  return guardEvents(both as unknown as typeof api);
}

export const handler = makeHandler(process.env);
