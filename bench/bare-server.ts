import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';

// The baseline: a bare Hono app on the same adapter, no middleware, one JSON route each way.
const app = new Hono();
app.get('/json', (c) => c.json({ value: 360 }));
app.post('/json', async (c) => {
  const body = (await c.req.json()) as { args?: unknown[] };
  return c.json({ value: body.args?.length ?? 0 });
});
// The same POST route behind Hono's bodyLimit middleware, to measure what it costs on this adapter.
app.post('/json-limited', bodyLimit({ maxSize: 1024 * 1024 }), async (c) => {
  const body = (await c.req.json()) as { args?: unknown[] };
  return c.json({ value: body.args?.length ?? 0 });
});
const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }, (info) => {
  process.stdout.write(`listening ${info.port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
