import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import type { LambdaEvent } from 'hono/aws-lambda';
import { describe, expect, it } from 'vitest';
import { makeHandler } from '../../functions/hosts/lambda.js';
import { readCells } from '../../functions/workbook/xlsx/cells.js';
import { readText, readZip } from '../../functions/workbook/xlsx/zip.js';
import { withStoredMedia } from '../helpers/hostile.js';
import { buildXlsx } from '../helpers/xlsx.js';
import { MAX_BINARY_ANSWER } from '../../functions/hosts/lambda-answer.js';
import { makeHandler as workbooksHandler } from '../../functions/hosts/lambda-workbooks.js';

const ctx = {} as never;

function v2(method: string, path: string, body?: string, headers: Record<string, string> = {}, base64 = false): APIGatewayProxyEventV2 {
  const [rawPath, rawQueryString = ''] = path.split('?');
  return {
    version: '2.0',
    routeKey: `${method} ${rawPath}`,
    rawPath: rawPath!,
    rawQueryString,
    headers: { host: 'abc123.execute-api.ap-southeast-1.amazonaws.com', 'content-type': 'application/json', ...headers },
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      domainName: 'abc123.execute-api.ap-southeast-1.amazonaws.com',
      domainPrefix: 'abc123',
      http: { method, path: rawPath!, protocol: 'HTTP/1.1', sourceIp: '203.0.113.7', userAgent: 'vitest' },
      requestId: 'req-1',
      routeKey: `${method} ${rawPath}`,
      stage: '$default',
      time: '28/Nov/2026:12:00:00 +0000',
      timeEpoch: 1795867200000,
    },
    body: body === undefined ? undefined : base64 ? Buffer.from(body).toString('base64') : body,
    isBase64Encoded: base64,
  };
}

function v1(method: string, path: string, body: string | null, headers: Record<string, string> = {}): APIGatewayProxyEvent {
  return {
    resource: path,
    path,
    httpMethod: method,
    headers: { Host: 'abc123.execute-api.ap-southeast-1.amazonaws.com', 'Content-Type': 'application/json', ...headers },
    multiValueHeaders: {},
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    requestContext: {
      accountId: '123456789012',
      apiId: 'abc123',
      authorizer: null,
      httpMethod: method,
      identity: { sourceIp: '203.0.113.7' } as APIGatewayProxyEvent['requestContext']['identity'],
      path: `/prod${path}`,
      protocol: 'HTTP/1.1',
      requestId: 'req-2',
      requestTimeEpoch: 1795867200000,
      resourceId: 'r1',
      resourcePath: path,
      stage: 'prod',
    },
    body,
    isBase64Encoded: false,
  };
}

const call = (h: ReturnType<typeof makeHandler>, e: unknown) => h(e as LambdaEvent, ctx) as Promise<{ statusCode: number; headers: Record<string, string>; body: string; isBase64Encoded: boolean }>;

describe('the Lambda handler with API Gateway events', () => {
  const handler = makeHandler({ POLICYCELL_LOG: 'off' });

  it('HTTP API v2: a batch', async () => {
    const r = await call(handler, v2('POST', '/v1/batch', JSON.stringify({ calls: [{ fn: 'COMMISSION', args: [52000] }] })));
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ policy: 'default@2025.09', results: [{ value: 360 }] });
  });

  it('HTTP API v2: a base64-encoded body', async () => {
    const r = await call(handler, v2('POST', '/v1/functions/PAYROLL', JSON.stringify({ args: [52000, 1, 2, [[10, 45]], [], [[25]], 0] }), {}, true));
    expect(JSON.parse(r.body)).toEqual({ value: 2260 });
  });

  it('HTTP API v2: query string, language and problem+json', async () => {
    const r = await call(handler, v2('GET', '/v1/functions/NOPE?lang=en'));
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(r.body).detail).toBe('unknown function "NOPE"');
  });

  it('REST API v1: an explanation', async () => {
    const r = await call(handler, v1('POST', '/v1/explain', JSON.stringify({ fn: 'COMMISSION', args: [52000] })));
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body).text).toContain('360.00');
  });

  it('REST API v1: malformed JSON is 400', async () => {
    const r = await call(handler, v1('POST', '/v1/batch', '{"calls": ['));
    expect(r.statusCode).toBe(400);
  });

  it('checks API keys from the environment, leaving /healthz open', async () => {
    const locked = makeHandler({ POLICYCELL_LOG: 'off', POLICYCELL_API_KEYS: 'alpha,beta' });
    expect((await call(locked, v2('GET', '/healthz'))).statusCode).toBe(200);
    expect((await call(locked, v2('GET', '/v1/policies'))).statusCode).toBe(401);
    expect((await call(locked, v2('GET', '/v1/policies', undefined, { authorization: 'Bearer beta' }))).statusCode).toBe(200);
  });

  it('the built bundle dist/lambda.mjs exports a working handler', async () => {
    const mod = (await import(new URL('../../dist/lambda.mjs', import.meta.url).href)) as { handler: typeof handler };
    const r = await call(mod.handler, v2('GET', '/healthz'));
    expect(r.statusCode).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ status: 'ok', policy: 'default@2025.09' });
  });

  it('dist/lambda.mjs answers the workbook route too, with the workbooks bundle beside it; from source (no bundle beside it) 501', async () => {
    const mod = (await import(new URL('../../dist/lambda.mjs', import.meta.url).href)) as { handler: typeof handler };
    const book = buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 52000 }, { ref: 'B1', formula: '_xldudf_POLICY_COMMISSION(A1)', addin: true }] }]);
    const event = v2('POST', '/v1/workbooks/recalc', Buffer.from(book).toString('latin1'), { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    event.body = Buffer.from(book).toString('base64');
    event.isBase64Encoded = true;
    const r = await call(mod.handler, event);
    expect(r.statusCode).toBe(200);
    expect(r.isBase64Encoded).toBe(true);
    const out = Buffer.from(r.body, 'base64');
    expect(readCells(readText(readZip(out), 'xl/worksheets/sheet1.xml')!).find((c) => c.ref === 'B1')?.value).toBe('360');
    // The API's own handler (no engine bundle beside its source) says the route is not enabled there.
    expect((await call(handler, event)).statusCode).toBe(501);
    // The workbook route is configured from the same environment as the rest: keys apply to it too.
    const locked = (mod as unknown as { makeHandler: typeof makeHandler }).makeHandler({ POLICYCELL_LOG: 'off', POLICYCELL_API_KEYS: 'k1' });
    expect((await call(locked, event)).statusCode).toBe(401);
    expect((await call(locked, { ...event, headers: { ...event.headers, authorization: 'Bearer k1' } })).statusCode).toBe(200);
  });
});

describe('Lambda answers fit what Lambda returns (6 MB a result)', () => {
  const handler = workbooksHandler({ POLICYCELL_LOG: 'off' });
  const upload = (bytes: Uint8Array, lang = 'en') => {
    const event = v2('POST', '/v1/workbooks/recalc', undefined, { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'accept-language': lang });
    event.body = Buffer.from(bytes).toString('base64');
    event.isBase64Encoded = true;
    return call(handler as unknown as ReturnType<typeof makeHandler>, event);
  };

  it('a 4 MiB workbook comes back base64, whole, in a result under 6 MB', async () => {
    const book = withStoredMedia(4 * 1024 * 1024);
    const r = await upload(book);
    expect(r.statusCode).toBe(200);
    expect(r.isBase64Encoded).toBe(true);
    expect(r.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(Object.keys(r.headers).filter((k) => k.startsWith('x-policycell'))).toEqual([]);
    const out = Buffer.from(r.body, 'base64');
    expect(out.length).toBeGreaterThanOrEqual(book.length);
    expect(readCells(readText(readZip(out), 'xl/worksheets/sheet1.xml')!).find((c) => c.ref === 'B1')?.value).toBe('2');
    expect(Buffer.byteLength(JSON.stringify(r))).toBeLessThanOrEqual(6 * 1024 * 1024);
  });

  it('an answer larger than a Lambda result holds: 413 problem+json naming the limit, not a result Lambda refuses', async () => {
    const book = withStoredMedia(MAX_BINARY_ANSWER + 1000); // under the 5 MiB upload limit, over what base64 fits in 6 MB
    expect(book.length).toBeLessThan(5 * 1024 * 1024);
    for (const lang of ['en', 'zh-CN']) {
      const r = await upload(book, lang);
      expect(r.statusCode).toBe(413);
      expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
      const p = JSON.parse(r.body);
      expect(p).toMatchObject({ status: 413, budget: 'answer', limit: MAX_BINARY_ANSWER });
      expect(p.detail).toMatch(lang === 'en' ? /larger than an AWS Lambda answer can carry/ : /超过 AWS Lambda 单次答复的上限/);
      expect(Buffer.byteLength(JSON.stringify(r))).toBeLessThan(10_000);
    }
  });
});
