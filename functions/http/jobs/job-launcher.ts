import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import type { JobConfig } from '../../jobs/job-config.js';
import type { JobEvent } from '../../jobs/run-job.js';

/** Starts the runner for a job and returns at once; the runner writes its outcome to the job's record. */
export type LaunchJob = (event: JobEvent) => Promise<void>;

/**
 * The runner is a Lambda function of its own (15 minutes, the memory of a large workbook), invoked
 * asynchronously: Lambda queues the event and answers 202 at once, so the start route stays within
 * the HTTP API's 30 s whatever the workbook costs.
 */
export function lambdaLauncher(config: JobConfig): LaunchJob {
  const client = new LambdaClient({
    ...(config.region ? { region: config.region } : {}),
    ...(config.lambdaEndpoint ? { endpoint: config.lambdaEndpoint } : {}),
  });
  return async (event) => {
    const r = await client.send(new InvokeCommand({ FunctionName: config.runner, InvocationType: 'Event', Payload: new TextEncoder().encode(JSON.stringify(event)) }));
    if (r.StatusCode !== 202) throw new Error(`the job runner ${config.runner} was not queued (status ${r.StatusCode}${r.FunctionError ? `, ${r.FunctionError}` : ''})`);
  };
}
