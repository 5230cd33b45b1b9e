import type { IncomingMessage } from 'node:http';
import type { BodyLease } from './body-budget.js';

/**
 * A request body read straight off Node's IncomingMessage (the Node server's adapter gives it as
 * `c.env.incoming`), counted as it arrives: past `limit` bytes, or when the process's body budget
 * has no room for the next chunk, or when nothing arrives for `idleMs`, reading stops at once and
 * nothing more is kept. Reading the stream directly is also the adapter's own fast path for a body
 * (a WHATWG stream in between costs throughput on every request).
 */

export type IncomingRead = { ok: true; bytes: Uint8Array } | { ok: false; why: 'tooLarge' | 'busy' | 'idle' | 'cut' };

/** The Node request behind a Hono context, when the app runs on the Node server. */
export function nodeIncoming(env: unknown): IncomingMessage | undefined {
  return (env as { incoming?: IncomingMessage } | undefined)?.incoming;
}

/**
 * Reads the body. `lease` is given for a body of unknown length (chunked): each chunk is taken from
 * the budget as it arrives. A body that declares its length has taken all of it beforehand.
 */
export function readIncoming(incoming: IncomingMessage, limit: number, idleMs: number, lease: BodyLease | undefined): Promise<IncomingRead> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const finish = (r: IncomingRead) => {
      if (settled) return;
      settled = true;
      clearTimeout(idle);
      incoming.off('data', onData);
      incoming.off('end', onEnd);
      incoming.off('error', onCut);
      incoming.off('close', onCut);
      // Whatever still arrives is not read into memory: the answer closes the connection (limits.ts).
      if (!r.ok) incoming.pause();
      resolve(r);
    };
    const idle = setTimeout(() => finish({ ok: false, why: 'idle' }), idleMs);
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return finish({ ok: false, why: 'tooLarge' });
      if (lease && !lease.take(chunk.length)) return finish({ ok: false, why: 'busy' });
      chunks.push(chunk);
      idle.refresh();
    };
    const onEnd = () => finish({ ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, size) });
    const onCut = () => finish({ ok: false, why: 'cut' });
    incoming.on('data', onData);
    incoming.on('end', onEnd);
    incoming.on('error', onCut);
    incoming.on('close', onCut);
    if (incoming.readableEnded) onEnd();
  });
}
