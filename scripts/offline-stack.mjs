// The deployment of serverless.yml run on this machine: its functions under serverless-offline (with
// osls, the open-source Serverless Framework v3) and a local S3-compatible store (s3rver) in place of
// the bucket, everything on loopback. `npm run offline` starts it for a person; the tests and the
// fan-out benchmark start and stop their own. The process that starts it must keep its event loop
// running (no spawnSync meanwhile): serverless-offline writes its log to a pipe synchronously, and
// when nobody drains the pipe every function stops with it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import S3rver from 's3rver';
import { ROOT, build } from './build.mjs';

/** The bundles serverless.yml deploys (each function's zip). */
export const STACK_TARGETS = ['lambda', 'lambda-workbooks', 'lambda-jobs', 'lambda-job-runner'];

/** The local store's credentials: s3rver accepts only these (it checks no signature, but a URL's expiry yes). */
export const S3RVER_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A port free on loopback now (closed again at once: the stack takes it a moment later). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Starts the stack and resolves once it answers. `apiKeys` are the keys every /v1 route accepts
 * (one random key when none are given); `env` adds to what the functions' host process sees
 * (serverless-offline passes on the AWS_* variables only; the functions' own come from
 * serverless.yml, stage `offline`). `log` receives serverless-offline's output line by line.
 */
export async function startOfflineStack({ apiKeys = [randomBytes(24).toString('base64url')], bucket = 'policycell-offline-jobs', env = {}, log = () => {}, timeoutMs = 180_000 } = {}) {
  await build(STACK_TARGETS, { onlyStale: true });
  const dir = mkdtempSync(join(tmpdir(), 'policycell-s3-'));
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dir, configureBuckets: [{ name: bucket }] });
  const { port: s3Port } = await s3rver.run();
  const s3Endpoint = `http://127.0.0.1:${s3Port}`;
  const [httpPort, lambdaPort] = [await freePort(), await freePort()];
  const lambdaEndpoint = `http://127.0.0.1:${lambdaPort}`;
  const child = spawn(
    process.execPath,
    [join(ROOT, 'node_modules/osls/bin/serverless.js'), 'offline', 'start', '--stage', 'offline', '--httpPort', String(httpPort), '--lambdaPort', String(lambdaPort)],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        ...env,
        POLICYCELL_API_KEYS: apiKeys.join(','),
        POLICYCELL_JOB_BUCKET: bucket,
        POLICYCELL_S3_ENDPOINT: s3Endpoint,
        POLICYCELL_LAMBDA_ENDPOINT: lambdaEndpoint,
        AWS_ACCESS_KEY_ID: S3RVER_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: S3RVER_CREDENTIALS.secretAccessKey,
        // The functions run on nodejs22.x when deployed; here this machine's Node hosts them, and the
        // SDK's notice about older Node versions would only repeat itself in every function's log.
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        SLS_TELEMETRY_DISABLED: '1',
        SLS_NOTIFICATIONS_MODE: 'off',
        FORCE_COLOR: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  const lines = [];
  const onData = (d) => {
    const text = d.toString();
    output += text;
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      lines.push(line);
      log(line);
    }
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  // A starter that ends without stop() (a crash, process.exit) takes serverless-offline with it.
  const orphaned = () => child.kill('SIGKILL');
  process.once('exit', orphaned);
  void exited.then(() => process.off('exit', orphaned));
  const stopStore = async () => {
    await s3rver.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  };
  const url = `http://127.0.0.1:${httpPort}`;
  try {
    await new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the offline stack did not start within ${timeoutMs / 1000} s:\n${output.slice(-2000)}`)), timeoutMs);
      const check = () => {
        if (/Server ready:/.test(output)) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout.on('data', check);
      child.stderr.on('data', check);
      void exited.then(({ code }) => {
        clearTimeout(timer);
        reject(new Error(`serverless offline exited (${code}) before it was ready:\n${output.slice(-2000)}`));
      });
    });
  } catch (e) {
    child.kill('SIGKILL');
    await stopStore();
    throw e;
  }
  let stopped;
  return {
    url,
    apiKey: apiKeys[0],
    apiKeys,
    bucket,
    s3Endpoint,
    lambdaEndpoint,
    /** serverless-offline's lines so far (the functions' logs, each invocation's duration). */
    lines: () => lines.slice(),
    /** Stops serverless-offline (its functions with it) and the store, and removes the store's files. */
    stop: () =>
      (stopped ??= (async () => {
        child.kill('SIGINT');
        const t = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(t);
        await stopStore();
      })()),
  };
}
