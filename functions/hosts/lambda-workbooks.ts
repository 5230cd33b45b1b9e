// AWS Lambda entry for POST /v1/workbooks/recalc: the same app with the spreadsheet engine, in a
// function of its own so that the API function's bundle stays small (HyperFormula is ~1 MB).
import { handle } from 'hono/aws-lambda';
import { Engine } from '../../shared/src/index.js';
import { createApp } from '../http/app.js';
import { configFromEnv } from '../config.js';
import { loadRegistry } from '../policy-dir.js';
import { guardEvents } from './lambda-event.js';
import { lambdaAnswers } from './lambda-answer.js';
import { VERSION } from '../version.js';
import { mountRecalc } from '../http/workbooks-route.js';

export function makeHandler(env: NodeJS.ProcessEnv) {
  return guardEvents(handle(lambdaAnswers(createApp(new Engine(loadRegistry(env.POLICYCELL_POLICY_DIR)), configFromEnv(env, VERSION), mountRecalc))));
}

export const handler = makeHandler(process.env);
