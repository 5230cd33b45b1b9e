import { closeSync, fchmodSync, fchownSync, lstatSync, mkdirSync, openSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';

/**
 * Writing people's payroll files: to a temporary name beside the target, then renamed over it, so
 * that a crash never leaves half a workbook. The file that is replaced keeps its mode (and its
 * owner, where the user may set it: a private 0600 salary file stays private); a new file is
 * created no more permissive than the file it was made from; a symbolic link is written through
 * to the file it points at, and stays a link. Temporaries are `.NAME.PID.TIME.tmp`: those left by
 * a process that no longer runs (killed with -9) are removed the next time we write there, and a
 * handled error, or SIGINT/SIGTERM (cli/entry.ts), never leaves one behind.
 */

const TEMPORARY = /^\.(.+)\.(\d+)\.(\d+)\.tmp$/;
const DAY_MS = 24 * 3600 * 1000;

/** Temporaries being written now, for the signal handler to remove. */
const pending = new Set<string>();
const swept = new Set<string>();

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'; // someone else's process: alive
  }
}

/** Removes temporaries of ours in `dir` whose process is gone (or that are a day old). Answers how many. */
export function removeStaleTemporaries(dir: string): number {
  let removed = 0;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    const m = TEMPORARY.exec(name);
    if (!m) continue;
    const pid = Number(m[2]);
    const file = join(dir, name);
    if (pid === process.pid && pending.has(file)) continue;
    let st: Stats;
    try {
      st = lstatSync(file);
    } catch {
      continue;
    }
    if (!st.isFile()) continue;
    if ((pid !== process.pid && !alive(pid)) || Date.now() - st.mtimeMs > DAY_MS) {
      rmSync(file, { force: true });
      removed++;
    }
  }
  return removed;
}

/** Removes the temporaries this process is writing (on SIGINT or SIGTERM). */
export function removePendingTemporaries(): void {
  for (const f of pending) rmSync(f, { force: true });
  pending.clear();
}

/** The file a path names, through symbolic links; the path itself when it does not exist yet. */
function throughLinks(target: string): string {
  try {
    if (lstatSync(target).isSymbolicLink()) return realpathSync(target);
  } catch {
    // not there yet: a new file
  }
  return target;
}

/**
 * Writes `bytes` to `target` atomically. `like` is the file the content came from: a new target is
 * created no more permissive than it (a salary workbook read 0600 is written 0600).
 */
export function writeAtomically(target: string, bytes: Uint8Array, like?: string): void {
  const real = throughLinks(target);
  const dir = dirname(real);
  mkdirSync(dir, { recursive: true });
  if (!swept.has(dir)) {
    swept.add(dir);
    removeStaleTemporaries(dir);
  }
  let existing: Stats | undefined;
  try {
    existing = statSync(real);
  } catch {
    existing = undefined;
  }
  let source: Stats | undefined;
  try {
    source = like ? statSync(like) : undefined;
  } catch {
    source = undefined;
  }
  const tmp = join(dir, `.${basename(real)}.${process.pid}.${Date.now()}.tmp`);
  // Created private; its final mode is set before it takes the target's place.
  const createMode = existing ? 0o600 : source ? source.mode & 0o666 : 0o666;
  pending.add(tmp);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'wx', createMode);
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at);
    if (existing) {
      fchmodSync(fd, existing.mode & 0o7777);
      if (existing.uid !== process.getuid?.() || existing.gid !== process.getgid?.()) {
        try {
          fchownSync(fd, existing.uid, existing.gid);
        } catch {
          // Only root may give a file away: the owner stays the user's, the mode the original's.
        }
      }
    }
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, real);
  } catch (e) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    pending.delete(tmp);
  }
}
