import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { strFromU8, unzipSync } from 'fflate';
import { main } from '../../functions/cli/cli.js';
import { jobKeys, ownerOf } from '../../functions/jobs/job.js';
import { recalcWorkbook } from '../../functions/workbook/recalc.js';
import { writeTemplate, findTemplate } from '../../functions/workbook/xlsx/template-writer.js';
import { Engine, shippedRegistry } from '../../shared/src/index.js';
import { payrollWorkbook } from '../../bench/workbooks.js';
import type { OfflineStack } from '../../scripts/offline-stack.mjs';
import { S3RVER_CREDENTIALS, startOfflineStack } from '../../scripts/offline-stack.mjs';
import { buildXlsx } from '../helpers/xlsx.js';

// The deployment of serverless.yml run here: serverless-offline with the functions' own bundles, s3rver
// as the bucket, the real AWS SDK clients pointed at it. One stack for the whole file.

let stack: OfflineStack;
let s3: S3Client;
const [KEY_A, KEY_B] = ['key-a-0123456789abcdefghij', 'key-b-0123456789abcdefghij'];

beforeAll(async () => {
  // POLICYCELL_OFFLINE_LOG=1 shows serverless-offline's output (the functions' log lines).
  stack = await startOfflineStack({ apiKeys: [KEY_A, KEY_B], ...(process.env.POLICYCELL_OFFLINE_LOG === '1' ? { log: (l: string) => process.stderr.write(`${l}\n`) } : {}) });
  s3 = new S3Client({ region: 'ap-southeast-1', endpoint: stack.s3Endpoint, forcePathStyle: true, credentials: S3RVER_CREDENTIALS });
}, 180_000);

afterAll(async () => {
  s3?.destroy();
  await stack?.stop();
});

const commissionBook = () => buildXlsx([{ name: 'S', cells: [{ ref: 'A1', value: 52000 }, { ref: 'B1', formula: '_xldudf_POLICY_COMMISSION(A1)', addin: true }] }]);

function api(path: string, init: { method?: string; key?: string | null; lang?: string; body?: unknown } = {}): Promise<Response> {
  const headers: Record<string, string> = { 'accept-language': init.lang ?? 'en' };
  if (init.key !== null) headers.authorization = `Bearer ${init.key ?? KEY_A}`;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  const send = () => fetch(`${stack.url}${path}`, { method: init.method ?? 'GET', headers, ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}) });
  // A kept-alive connection the offline server closed just as it was reused: once more, on a new one.
  return send().catch(() => send());
}

type View = { id: string; state: string; upload: { method: string; url: string }; result?: { url: string; bytes: number }; summary?: Record<string, unknown> };

async function create(bytes: Uint8Array | number, extra: Record<string, unknown> = {}, key = KEY_A): Promise<View> {
  const res = await api('/v1/jobs', { method: 'POST', key, body: { bytes: typeof bytes === 'number' ? bytes : bytes.byteLength, ...extra } });
  expect(res.status).toBe(201);
  return (await res.json()) as View;
}

async function upload(job: View, bytes: Uint8Array): Promise<void> {
  const res = await fetch(job.upload.url, { method: 'PUT', body: new Blob([bytes as Uint8Array<ArrayBuffer>]) });
  expect(res.status).toBe(200);
}

/** Polls a started job until it is done or answers a problem. */
async function settle(id: string, key = KEY_A, lang = 'en'): Promise<Response> {
  for (;;) {
    const res = await api(`/v1/jobs/${id}`, { key, lang });
    if (res.status !== 200) return res;
    const view = (await res.clone().json()) as View;
    if (view.state === 'done') return res;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const exists = async (key: string) =>
  s3.send(new HeadObjectCommand({ Bucket: stack.bucket, Key: key })).then(
    () => true,
    () => false,
  );

describe('jobs on the offline stack (serverless-offline, s3rver, the AWS SDK)', () => {
  it('a workbook goes up through a presigned URL, is computed by the runner and comes back through another, equal to a local run', async () => {
    const book = commissionBook();
    const job = await create(book);
    expect(job).toMatchObject({ state: 'created', upload: { method: 'PUT' } });
    expect(job.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    // The object lies under the digest of the key, never the key itself.
    const keys = jobKeys(ownerOf(KEY_A), job.id);
    expect(new URL(job.upload.url).pathname).toBe(`/${stack.bucket}/${keys.input}`);
    expect(job.upload.url).not.toContain(KEY_A);
    await upload(job, book);
    const started = await api(`/v1/jobs/${job.id}/start`, { method: 'POST' });
    expect(started.status).toBe(202);
    expect(await started.json()).toMatchObject({ state: 'queued' });
    const done = (await (await settle(job.id)).json()) as View;
    expect(done).toMatchObject({ state: 'done', summary: { policy: 'default@2025.09', formulas: 1, evaluator: 'fast' } });
    const result = new Uint8Array(await (await fetch(done.result!.url)).arrayBuffer());
    expect(result.byteLength).toBe(done.result!.bytes);
    expect(Buffer.from(result).equals(Buffer.from(recalcWorkbook(book, { engine: new Engine(shippedRegistry()) }).bytes))).toBe(true);
    // The upload is removed once computed; the result stays until the job is removed (or its day is over).
    expect(await exists(keys.input)).toBe(false);
    expect(await exists(keys.result)).toBe(true);
    expect((await api(`/v1/jobs/${job.id}`, { method: 'DELETE' })).status).toBe(204);
    expect(await exists(keys.result)).toBe(false);
    expect((await api(`/v1/jobs/${job.id}`)).status).toBe(404);
  });

  it('refuses what it should, as problem+json in the language asked for', async () => {
    const book = commissionBook();
    const job = await create(book);
    // No key, or a key the job is not of: the job does not exist for it.
    expect((await api(`/v1/jobs/${job.id}`, { key: null })).status).toBe(401);
    const other = await api(`/v1/jobs/${job.id}`, { key: KEY_B });
    expect(other.status).toBe(404);
    expect(other.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await other.json()).toMatchObject({ problem: 'noSuchJob', detail: expect.stringContaining('no job') });
    const otherZh = await (await api(`/v1/jobs/${job.id}`, { key: KEY_B, lang: 'zh-CN' })).json();
    expect(otherZh.detail).toContain('没有任务');
    expect(await (await api('/v1/jobs/not-a-job-id')).json()).toMatchObject({ status: 404, problem: 'badJobId' });
    // Started before anything was uploaded.
    const early = await api(`/v1/jobs/${job.id}/start`, { method: 'POST' });
    expect(early.status).toBe(409);
    expect(await early.json()).toMatchObject({ problem: 'notUploaded', job: job.id });
    // Larger than a job takes, declared.
    const huge = await api('/v1/jobs', { method: 'POST', body: { bytes: 1024 ** 3 } });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ problem: 'tooLarge', budget: 'bytes', limit: 128 * 1024 * 1024 });
    expect((await api('/v1/jobs', { method: 'POST', body: { bytes: -1 } })).status).toBe(400);
    expect((await api('/v1/jobs', { method: 'POST', body: { bytes: 10, policy: 'nope@1' } })).status).toBe(404);
    expect(await (await api('/v1/jobs', { method: 'POST', body: { bytes: 10, whatIf: 'default@1999.01' } })).json()).toMatchObject({ status: 404, path: '$.whatIf', available: expect.arrayContaining(['default@2025.09']) });
    expect((await api('/v1/jobs', { method: 'POST', body: { bytes: 10, changes: 'yes' } })).status).toBe(400);
    // Larger than it declared: S3 refuses a body of another length at a signed URL; put past the URL, the start refuses it.
    const small = await create(10);
    await s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: jobKeys(ownerOf(KEY_A), small.id).input, Body: book }));
    const over = await api(`/v1/jobs/${small.id}/start`, { method: 'POST', lang: 'zh-CN' });
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ problem: 'tooLarge', limit: 10, detail: expect.stringContaining('字节') });
    expect(await exists(jobKeys(ownerOf(KEY_A), small.id).input)).toBe(false);
  });

  it('a result deleted before it was fetched is 410, a job gone is 404, and a job started twice 409', async () => {
    const book = commissionBook();
    const job = await create(book);
    await upload(job, book);
    expect((await api(`/v1/jobs/${job.id}/start`, { method: 'POST' })).status).toBe(202);
    expect((await api(`/v1/jobs/${job.id}/start`, { method: 'POST' })).status).toBe(409);
    expect((await settle(job.id)).status).toBe(200);
    // What the bucket's lifecycle rule does after a day.
    const keys = jobKeys(ownerOf(KEY_A), job.id);
    await s3.send(new DeleteObjectCommand({ Bucket: stack.bucket, Key: keys.result }));
    const gone = await api(`/v1/jobs/${job.id}`);
    expect(gone.status).toBe(410);
    expect(await gone.json()).toMatchObject({ problem: 'expired' });
    await s3.send(new DeleteObjectCommand({ Bucket: stack.bucket, Key: keys.record }));
    expect((await api(`/v1/jobs/${job.id}`)).status).toBe(404);
  });

  it("a job that runs out of its time, and a file that is no workbook, answer the workbook's problem", async () => {
    const slow = payrollWorkbook(40_000);
    const [timed, junk] = [await create(slow, { seconds: 1 }), await create(9)];
    await upload(timed, slow);
    await upload(junk, new TextEncoder().encode('not a zip'));
    for (const j of [timed, junk]) expect((await api(`/v1/jobs/${j.id}/start`, { method: 'POST' })).status).toBe(202);
    const late = await settle(timed.id);
    expect(late.status).toBe(413);
    expect(await late.json()).toMatchObject({ state: 'failed', problem: 'tooLarge', budget: 'time', limit: 1 });
    const bad = await settle(junk.id, KEY_A, 'zh-CN');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ state: 'failed', problem: 'notWorkbook', detail: expect.stringMatching(/[\u4e00-\u9fff]/) });
  }, 120_000);

  it('the job routes\' bundle carries no spreadsheet engine: a failed job\'s status is written by the runner, which has it', () => {
    const bundle = readFileSync(new URL('../../dist/lambda-jobs.mjs', import.meta.url), 'utf8');
    expect(bundle).not.toContain('HyperFormula');
    // The runner starts the engine in worker threads: the worker's bundle ships beside it in the runner's zip.
    const zip = unzipSync(readFileSync(new URL('../../dist/lambda-job-runner.zip', import.meta.url)));
    expect(Object.keys(zip).sort()).toEqual(['lambda-job-runner.mjs', 'recalc-worker.mjs']);
    expect(strFromU8(zip['recalc-worker.mjs']!)).toContain('HyperFormula');
  });

  it('policycell recalc --remote: small workbooks in the body, large ones as jobs, equal to a local run; again, every workbook is skipped', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pc-offline-'));
    const dir = join(root, 'in');
    mkdirSync(dir);
    for (const id of ['payroll', 'tiering', 'overdue']) {
      writeFileSync(join(dir, `${id}.xlsx`), await writeTemplate(findTemplate(id)!));
    }
    writeFileSync(join(dir, 'big.xlsx'), payrollWorkbook(300));
    writeFileSync(join(dir, 'broken.xlsx'), 'not a workbook');
    const run = async (...args: string[]) => {
      let out = '';
      let err = '';
      const code = await main(['recalc', dir, ...args, '--json', '--lang', 'en'], { out: (s) => (out += s), err: (s) => (err += s), readStdin: async () => '' });
      return { code, lines: out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>), err };
    };
    const remoteArgs = ['-o', join(root, 'remote'), '--remote', stack.url, '--api-key', KEY_A, '--concurrency', '4', '--job-over', String(20_000)];
    const first = await run(...remoteArgs);
    expect(first.code).toBe(1);
    const byFile = Object.fromEntries(first.lines.map((l) => [String(l.file).split('/').pop(), l]));
    expect(byFile['broken.xlsx']).toMatchObject({ ok: false, problem: 'notWorkbook' });
    expect(byFile['big.xlsx']).toMatchObject({ ok: true, via: 'job', formulas: 1502 });
    for (const f of ['payroll.xlsx', 'tiering.xlsx', 'overdue.xlsx']) {
      expect(byFile[f]).toMatchObject({ ok: true });
      expect(byFile[f]).not.toHaveProperty('via');
    }
    const local = await run('-o', join(root, 'local'));
    expect(local.code).toBe(1);
    for (const f of ['payroll.xlsx', 'tiering.xlsx', 'overdue.xlsx', 'big.xlsx']) expect(readFileSync(join(root, 'remote', f)).equals(readFileSync(join(root, 'local', f)))).toBe(true);
    const again = await run(...remoteArgs);
    for (const l of again.lines) {
      if (String(l.file).endsWith('broken.xlsx')) expect(l).toMatchObject({ ok: false });
      else expect(l).toMatchObject({ ok: true, skipped: true });
    }
    // Nothing but the outputs and the run's record in the output folder: no temporaries.
    expect(readdirSync(join(root, 'remote')).sort()).toEqual(['.policycell-recalc.jsonl', 'big.xlsx', 'overdue.xlsx', 'payroll.xlsx', 'tiering.xlsx']);
  }, 120_000);

  it('policycell recalc --remote --changes through jobs: the changed cells come down beside the workbook, the report equal to a local run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pc-offline-changes-'));
    const dir = join(root, 'in');
    mkdirSync(dir);
    writeFileSync(join(dir, 'payroll.xlsx'), await writeTemplate(findTemplate('payroll')!));
    writeFileSync(join(dir, 'big.xlsx'), payrollWorkbook(300));
    writeFileSync(join(dir, 'broken.xlsx'), 'not a workbook');
    const run = async (report: string, ...args: string[]) => {
      let out = '';
      const code = await main(['recalc', dir, '--what-if', 'default@2019.05', '--changes', join(root, report), ...args, '--json', '--lang', 'en'], { out: (s) => (out += s), err: () => {}, readStdin: async () => '' });
      return { code, lines: out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
    };
    // Every workbook as a job (--job-over 0).
    const remote = await run('remote.json', '-o', join(root, 'remote'), '--remote', stack.url, '--api-key', KEY_A, '--job-over', '0');
    const local = await run('local.json', '-o', join(root, 'local'));
    expect(remote.code).toBe(1);
    for (const l of remote.lines.filter((x) => x.ok)) expect(l).toMatchObject({ via: 'job', policy: 'default@2019.05' });
    const pick = (l: Record<string, unknown>) => [String(l.file).split('/').pop(), l.ok, l.changed, l.calibrated];
    expect(remote.lines.map(pick).sort()).toEqual(local.lines.map(pick).sort());
    const read = (f: string) => (JSON.parse(readFileSync(join(root, f), 'utf8')) as { output: string; changed: number; changes: unknown[] }[]).map(({ output: _o, ...rest }) => rest);
    const books = read('remote.json');
    expect(books).toEqual(read('local.json'));
    // The workbook that failed contributes nothing; the others list every change they count.
    expect(books.map((b) => (b as unknown as { file: string }).file.split('/').pop()).sort()).toEqual(['big.xlsx', 'payroll.xlsx']);
    for (const b of books) expect(b.changes).toHaveLength(b.changed);
    expect(books.some((b) => b.changed > 0)).toBe(true);
  }, 120_000);
});
