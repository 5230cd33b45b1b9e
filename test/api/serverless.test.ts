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
  });
});
