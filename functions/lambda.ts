// AWS Lambda entry: the same Hono app behind API Gateway (HTTP API v2 or REST v1), one bundle.
// hono/aws-lambda moves to @hono/aws-lambda in Hono v5; it is imported in this file only.
import { handle } from 'hono/aws-lambda';
import { Engine } from '../shared/src/index.js';
import { createApp } from './app.js';
import { configFromEnv } from './config.js';
import { loadRegistry } from './policy-dir.js';
import { guardEvents } from './lambda-event.js';
import { VERSION } from './version.js';

/** A handler configured from an environment (tests build their own; Lambda uses process.env). */
export function makeHandler(env: NodeJS.ProcessEnv) {
  return guardEvents(handle(createApp(new Engine(loadRegistry(env.POLICYCELL_POLICY_DIR)), configFromEnv(env, VERSION))));
}

export const handler = makeHandler(process.env);
