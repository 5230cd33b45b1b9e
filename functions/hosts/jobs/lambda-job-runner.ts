// AWS Lambda entry of the job runner: invoked asynchronously by the start route (never over HTTP),
// it computes one job's workbook in a worker thread for up to the Lambda limit of 15 minutes.
import { configFromEnv } from '../../config.js';
import { jobConfigFromEnv } from '../../jobs/job-config.js';
import { JobStore } from '../../jobs/job-store.js';
import { isJobEvent, runJob } from '../../jobs/run-job.js';
import { DEFAULT_BUDGET } from '../../workbook/budget/budget.js';
import { WorkbookPool } from '../../workbook/pool/pool.js';
import { readPolicySources } from '../../policy-dir.js';
import { VERSION } from '../../version.js';
import { WORKBOOK_PROBLEM_STATUS } from '../../http/workbooks-route.js';

interface RunnerContext {
  getRemainingTimeInMillis?: () => number;
}

export function makeHandler(env: NodeJS.ProcessEnv) {
  const config = configFromEnv(env, VERSION);
  const jobs = jobConfigFromEnv(env);
  let deps: Parameters<typeof runJob>[1] | undefined;
  return async (event: unknown, context?: RunnerContext): Promise<void> => {
    if (!jobs) {
      config.log({ time: new Date().toISOString(), level: 'error', message: 'POLICYCELL_JOB_BUCKET is not set: the runner has no jobs to read' });
      return;
    }
    if (!isJobEvent(event)) {
      config.log({ time: new Date().toISOString(), level: 'error', message: 'the event is not a job event ({"job":{"owner","id"}}); ignored' });
      return;
    }
    // One worker, kept warm between invocations of this instance; the budget's time is the job's.
    deps ??= {
      store: new JobStore(jobs),
      pool: new WorkbookPool({ size: 1, budget: { ...(config.limits.workbook ?? DEFAULT_BUDGET), seconds: jobs.maxSeconds }, policies: readPolicySources(config.policyDir) }),
      config: jobs,
      statusOf: (problem) => WORKBOOK_PROBLEM_STATUS[problem],
      log: config.log,
    };
    await runJob(event, deps, context?.getRemainingTimeInMillis?.());
  };
}

export const handler = makeHandler(process.env);
