/**
 * How jobs are set up, read from the environment in one place (the jobs function and the runner
 * both use it; serverless.yml sets the variables). Without a bucket there are no jobs: the routes
 * answer 501.
 */
export interface JobConfig {
  /** The bucket of job objects (POLICYCELL_JOB_BUCKET). */
  bucket: string;
  /** An S3-compatible endpoint instead of AWS's (the offline stack's local store); path-style addressing. */
  s3Endpoint?: string;
  /** A Lambda endpoint instead of AWS's (serverless-offline's); how the start route reaches the runner. */
  lambdaEndpoint?: string;
  /** The runner function's name (POLICYCELL_JOB_RUNNER). */
  runner: string;
  region?: string;
  /** Largest workbook a job takes, bytes: the workbook budget unpacks at most 128 MiB, so a larger file could never be computed. */
  maxBytes: number;
  /** Longest a job may compute, seconds: the Lambda limit of 15 minutes less the time to read and write. */
  maxSeconds: number;
  /** How long a job and its objects are kept, seconds: the bucket's lifecycle rule (a day). */
  ttlSeconds: number;
  /** How long an upload or download URL works, seconds. */
  urlSeconds: number;
}

export const DEFAULT_JOB_LIMITS = { maxBytes: 128 * 1024 * 1024, maxSeconds: 840, ttlSeconds: 24 * 3600, urlSeconds: 900 };

function positive(v: string | undefined, dflt: number): number {
  const n = Number(v);
  return v && Number.isFinite(n) && n > 0 ? n : dflt;
}

const optional = (v: string | undefined) => (v && v.trim() !== '' ? v.trim() : undefined);

export function jobConfigFromEnv(env: NodeJS.ProcessEnv = process.env): JobConfig | undefined {
  const bucket = optional(env.POLICYCELL_JOB_BUCKET);
  if (!bucket) return undefined;
  const s3Endpoint = optional(env.POLICYCELL_S3_ENDPOINT);
  const lambdaEndpoint = optional(env.POLICYCELL_LAMBDA_ENDPOINT);
  const region = optional(env.AWS_REGION);
  return {
    bucket,
    ...(s3Endpoint ? { s3Endpoint } : {}),
    ...(lambdaEndpoint ? { lambdaEndpoint } : {}),
    ...(region ? { region } : {}),
    runner: optional(env.POLICYCELL_JOB_RUNNER) ?? '',
    maxBytes: Math.round(positive(env.POLICYCELL_MAX_JOB_BYTES, DEFAULT_JOB_LIMITS.maxBytes)),
    maxSeconds: positive(env.POLICYCELL_JOB_SECONDS, DEFAULT_JOB_LIMITS.maxSeconds),
    ttlSeconds: positive(env.POLICYCELL_JOB_TTL_SECONDS, DEFAULT_JOB_LIMITS.ttlSeconds),
    urlSeconds: positive(env.POLICYCELL_JOB_URL_SECONDS, DEFAULT_JOB_LIMITS.urlSeconds),
  };
}
