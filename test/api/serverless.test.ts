import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXPOSE_HEADERS } from '../../functions/http/middleware/cors.js';

const ROOT = new URL('../..', import.meta.url).pathname;

describe('serverless.yml packages offline (osls) into the CloudFormation we want', () => {
  it('nodejs22.x on arm64, every route, stage throttling, log retention, no secret in plain text', () => {
    execFileSync('npx', ['osls', 'package', '--stage', 'test'], { cwd: ROOT, stdio: 'pipe', env: { ...process.env, SLS_TELEMETRY_DISABLED: '1' } });
    const text = readFileSync(`${ROOT}.serverless/cloudformation-template-update-stack.json`, 'utf8');
    const cf = JSON.parse(text) as { Resources: Record<string, { Type: string; Properties: Record<string, unknown> }> };
    const of = (type: string) => Object.values(cf.Resources).filter((r) => r.Type === type);
    const fns = of('AWS::Lambda::Function');
    const fn = fns.find((f) => f.Properties.Handler === 'lambda.handler');
    const wb = fns.find((f) => f.Properties.Handler === 'lambda-workbooks.handler');
    expect(fn!.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    expect(wb!.Properties).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'], MemorySize: 2048 });
    // The workbook worker's heap fits in the function's memory.
    expect(Number((wb!.Properties.Environment as { Variables: Record<string, string> }).Variables.POLICYCELL_WORKBOOK_MEMORY_MB)).toBeLessThan(2048);
    for (const f of fns) expect(f.Properties).not.toHaveProperty('ProvisionedConcurrencyConfig');
    for (const f of fns) {
      const env = (f.Properties.Environment as { Variables: Record<string, string> }).Variables;
      expect(env.POLICYCELL_API_KEYS).toBe('{{resolve:ssm:/policycell/test/api-keys}}');
    }
    const routes = of('AWS::ApiGatewayV2::Route').map((r) => r.Properties.RouteKey).sort();
    expect(routes).toEqual(
      [
        'GET /healthz',
        'GET /v1/functions',
        'GET /v1/functions/{id}',
        'POST /v1/functions/{id}',
        'POST /v1/batch',
        'POST /v1/explain',
        'GET /v1/policies',
        'GET /v1/policies/{ref}',
        'POST /v1/workbooks/recalc',
        'POST /v1/jobs',
        'GET /v1/jobs/{id}',
        'POST /v1/jobs/{id}/start',
        'DELETE /v1/jobs/{id}',
      ].sort(),
    );
    const [stage] = of('AWS::ApiGatewayV2::Stage');
    expect(stage!.Properties.DefaultRouteSettings).toEqual({ ThrottlingBurstLimit: 200, ThrottlingRateLimit: 100 });
    const [logs] = of('AWS::Logs::LogGroup');
    expect(logs!.Properties.RetentionInDays).toBe(30);
    const [api] = of('AWS::ApiGatewayV2::Api');
    expect(api!.Properties.CorsConfiguration).toMatchObject({ AllowMethods: ['GET', 'POST', 'OPTIONS'] });
    // API Gateway answers CORS in front of the app: it must let browsers read the same headers the app exposes.
    expect(api!.Properties.CorsConfiguration).toMatchObject({ ExposeHeaders: EXPOSE_HEADERS.split(', ') });
    expect(text).not.toMatch(/Bearer|api-key-value|password/i);
    expect(of('AWS::Lambda::Version').length).toBeGreaterThan(0);
    expectJobsResources(cf);
  });
});

type Resource = { Type: string; Properties: Record<string, unknown> };

/** The jobs' bucket and roles: private, encrypted, a day's life; each job function may do only its own part. */
function expectJobsResources(cf: { Resources: Record<string, Resource> }): void {
  const r = cf.Resources;
  const bucket = r.JobsBucket!;
  expect(bucket.Type).toBe('AWS::S3::Bucket');
  expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
  expect(JSON.stringify(bucket.Properties.BucketEncryption)).toMatch(/"SSEAlgorithm":"(AES256|aws:kms)"/);
  expect(bucket.Properties.LifecycleConfiguration).toMatchObject({ Rules: [{ Status: 'Enabled', ExpirationInDays: 1 }] });
  // No bucket-wide access for anyone: no ACL, no website, no public policy; the policy there only denies plain HTTP.
  expect(bucket.Properties).not.toHaveProperty('AccessControl');
  expect(bucket.Properties).not.toHaveProperty('WebsiteConfiguration');
  const policy = r.JobsBucketPolicy!.Properties.PolicyDocument as { Statement: { Effect: string }[] };
  expect(policy.Statement.every((st) => st.Effect === 'Deny')).toBe(true);
  const fns = Object.values(r).filter((x) => x.Type === 'AWS::Lambda::Function');
  const jobs = fns.find((f) => f.Properties.Handler === 'lambda-jobs.handler')!;
  const runner = fns.find((f) => f.Properties.Handler === 'lambda-job-runner.handler')!;
  expect(runner.Properties).toMatchObject({ Timeout: 900, Runtime: 'nodejs22.x', Architectures: ['arm64'] });
  expect(jobs.Properties.Timeout).toBeLessThanOrEqual(29);
  expect(jobs.Properties.Role).toEqual({ 'Fn::GetAtt': ['JobsRole', 'Arn'] });
  expect(runner.Properties.Role).toEqual({ 'Fn::GetAtt': ['JobRunnerRole', 'Arn'] });
  const envOf = (f: Resource) => (f.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
  expect(envOf(jobs).POLICYCELL_JOB_BUCKET).toEqual({ Ref: 'JobsBucket' });
  expect(envOf(runner).POLICYCELL_JOB_BUCKET).toEqual({ Ref: 'JobsBucket' });
  expect(envOf(jobs).POLICYCELL_JOB_RUNNER).toBe('policycell-test-jobRunner');
  // The runner's worker heap fits in its memory; its events are not retried, and an old one is dropped.
  expect(Number(envOf(runner).POLICYCELL_WORKBOOK_MEMORY_MB)).toBeLessThan(Number(runner.Properties.MemorySize));
  const invokeConfig = Object.values(r).find((x) => x.Type === 'AWS::Lambda::EventInvokeConfig')!;
  expect(invokeConfig.Properties).toMatchObject({ MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 });
  // Least privilege: object actions under jobs/ only (no list, no bucket-wide action, no wildcard action).
  const statements = (role: string) =>
    (r[role]!.Properties.Policies as { PolicyDocument: { Statement: { Action: string | string[]; Resource: unknown }[] } }[]).flatMap((p) => p.PolicyDocument.Statement);
  for (const role of ['JobsRole', 'JobRunnerRole']) {
    for (const st of statements(role)) {
      const actions = ([] as string[]).concat(st.Action);
      expect(actions.every((a) => !a.includes('*'))).toBe(true);
      if (actions.some((a) => a.startsWith('s3:'))) {
        expect(actions.sort()).toEqual(['s3:DeleteObject', 's3:GetObject', 's3:PutObject']);
        expect(JSON.stringify(st.Resource)).toContain('/jobs/*');
      }
    }
  }
  const invoke = statements('JobsRole').filter((st) => ([] as string[]).concat(st.Action).includes('lambda:InvokeFunction'));
  expect(JSON.stringify(invoke.map((st) => st.Resource))).toContain('function:policycell-test-jobRunner');
  expect(statements('JobRunnerRole').some((st) => ([] as string[]).concat(st.Action).includes('lambda:InvokeFunction'))).toBe(false);
}
