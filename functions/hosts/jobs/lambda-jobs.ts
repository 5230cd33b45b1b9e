// AWS Lambda entry for the job routes (/v1/jobs…): the same app with the S3 store and the runner's
// launcher, in a function of its own, so that neither the API function nor the workbooks function
// carries the AWS SDK. The work itself is done by lambda-job-runner.ts.
import { handle } from 'hono/aws-lambda';
import { Engine } from '../../../shared/src/index.js';
import { createApp } from '../../http/app.js';
import { configFromEnv } from '../../config.js';
import { loadRegistry } from '../../policy-dir.js';
import { guardEvents } from '../lambda-event.js';
import { VERSION } from '../../version.js';
import { jobConfigFromEnv } from '../../jobs/job-config.js';
import { JobStore } from '../../jobs/job-store.js';
import { lambdaLauncher } from '../../http/jobs/job-launcher.js';
import { mountJobs } from '../../http/jobs/jobs-route.js';

export function makeHandler(env: NodeJS.ProcessEnv) {
  const jobs = jobConfigFromEnv(env);
  const deps = jobs ? { config: jobs, store: new JobStore(jobs), launch: lambdaLauncher(jobs) } : undefined;
  return guardEvents(handle(createApp(new Engine(loadRegistry(env.POLICYCELL_POLICY_DIR)), configFromEnv(env, VERSION), mountJobs(deps))));
}

export const handler = makeHandler(process.env);
