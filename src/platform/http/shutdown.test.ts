import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildTestApp } from '../../../test/support/app.ts';

test('graceful shutdown finishes the request in flight, then refuses new ones', async (t) => {
  const { app } = await buildTestApp(t, 'sqlite');
  let release!: () => void;
  const started = new Promise<void>((resolve) => {
    app.get('/slow', { config: { skipSession: true } }, async () => {
      resolve();
      await new Promise<void>((r) => {
        release = r;
      });
      return { finished: true };
    });
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const inFlight = fetch(`http://127.0.0.1:${port}/slow`).then(async (r) => ({
    status: r.status,
    body: await r.json(),
  }));
  await started;
  const closing = app.close();
  setTimeout(() => release(), 100);
  const response = await inFlight;
  await closing;
  assert.equal(response.status, 200);
  assert.deepEqual(response.body, { finished: true });
  await assert.rejects(fetch(`http://127.0.0.1:${port}/healthz`));
});
