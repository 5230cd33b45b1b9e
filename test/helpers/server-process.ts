import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const ROOT = new URL('../..', import.meta.url).pathname;

/** The built server (npm start's bundle, dist/server.mjs) as a process of its own, once it listens; `stderr()` is what it has printed. */
export async function startBuiltServer(env: Record<string, string>): Promise<{ url: string; child: ChildProcess; stderr: () => string }> {
  const child = spawn(process.execPath, [join(ROOT, 'dist/server.mjs')], { cwd: ROOT, env: { ...process.env, PORT: '0', POLICYCELL_LOG: 'off', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let err = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(err);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the server exited ${code}: ${err}`)));
  });
  return { url, child, stderr: () => err };
}
