import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { signedInAgent } from '../../../test/support/agent.ts';
import { buildTestApp } from '../../../test/support/app.ts';
import { createTestDatabase, engines } from '../../../test/support/engines.ts';
import { createMetrics } from './metrics.ts';

const TOKEN = 'metrics-token-0123456789abcdef0123456789';
const bearer = { authorization: `Bearer ${TOKEN}` };

/** The value of one sample line, e.g. `name{a="b"} 3`; undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

for (const engine of engines()) {
  describe(`/metrics on ${engine}`, () => {
    test('does not exist unless METRICS_TOKEN or METRICS_ALLOW is set', async (t) => {
      const { app } = await buildTestApp(t, engine);
      assert.equal((await app.inject('/metrics')).statusCode, 404);
    });

    test('with a token: requests per route pattern and status class, DB timings, sessions, mail', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine, { env: { METRICS_TOKEN: TOKEN } });
      assert.equal((await app.inject('/metrics')).statusCode, 401);
      const wrong = await app.inject({ url: '/metrics', headers: { authorization: `Bearer ${TOKEN}x` } });
      assert.equal(wrong.statusCode, 401);

      await app.inject('/en');
      await app.inject('/ko');
      await app.inject('/en/no-such-page');
      await signedInAgent(app, outbox, { email: 'metrics@example.org' });
      const response = await app.inject({ url: '/metrics', headers: bearer });
      assert.equal(response.statusCode, 200);
      assert.match(response.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
      const text = response.body;
      const home = 'praxis_http_request_duration_seconds_count{route="/:locale",method="GET",status="2xx"}';
      // /en, /ko, and the home page the signed-in agent lands on: all under one route pattern.
      assert.equal(sample(text, home), 3, 'every locale counts under one route pattern');
      const unmatched =
        'praxis_http_request_duration_seconds_count{route="unmatched",method="GET",status="4xx"}';
      assert.equal(sample(text, unmatched), 1, 'a page that does not exist counts as unmatched, 4xx');
      assert.doesNotMatch(text, /no-such-page/, 'raw URLs never become labels');
      assert.ok(
        (sample(text, `praxis_db_query_duration_seconds_count{engine="${engine}",outcome="ok"}`) ?? 0) > 0,
      );
      assert.equal(sample(text, 'praxis_active_sessions'), 1);
      assert.equal(sample(text, 'praxis_mail_messages_total{outcome="sent"}'), 1, 'the verification mail');
      assert.equal(sample(text, 'praxis_mail_messages_total{outcome="failed"}'), 0);
      assert.ok(sample(text, 'nodejs_eventloop_lag_seconds') !== undefined, 'event-loop lag');
      if (engine === 'postgres') assert.equal(sample(text, 'praxis_db_pool_connections{state="max"}'), 4);
      else assert.doesNotMatch(text, /praxis_db_pool_connections/);
    });

    test('with an allow-list: allowed addresses read it without a token, others are refused', async (t) => {
      const { app } = await buildTestApp(t, engine, { env: { METRICS_ALLOW: '10.0.0.0/8, ::1' } });
      const inside = await app.inject({ url: '/metrics', remoteAddress: '10.2.3.4' });
      assert.equal(inside.statusCode, 200);
      const outside = await app.inject({ url: '/metrics', remoteAddress: '192.0.2.7' });
      assert.equal(outside.statusCode, 403);
      assert.equal((await app.inject({ url: '/metrics', remoteAddress: '::1' })).statusCode, 200);
    });

    test('other modules register gauges read at scrape time', async (t) => {
      const { app } = await buildTestApp(t, engine, { env: { METRICS_TOKEN: TOKEN } });
      let depth = 3;
      app.services.metrics.registerGauge({
        name: 'praxis_test_queue_depth',
        help: 'Jobs waiting, by state.',
        labelNames: ['state'],
        collect: (set) => set(depth, { state: 'ready' }),
      });
      const first = (await app.inject({ url: '/metrics', headers: bearer })).body;
      assert.equal(sample(first, 'praxis_test_queue_depth{state="ready"}'), 3);
      depth = 5;
      const second = (await app.inject({ url: '/metrics', headers: bearer })).body;
      assert.equal(sample(second, 'praxis_test_queue_depth{state="ready"}'), 5);
    });
  });
}

test('mail that fails to send is counted as failed and still fails', async (t) => {
  const { database, dispose } = await createTestDatabase('sqlite');
  t.after(dispose);
  await database.migrate();
  const metrics = createMetrics({ database });
  const mailer = metrics.countMail({
    async send() {
      throw new Error('SMTP down');
    },
  });
  await assert.rejects(
    mailer.send({ to: 'a@example.org', subject: 's', text: 't', locale: 'en' }),
    /SMTP down/,
  );
  const text = await metrics.registry.metrics();
  assert.equal(sample(text, 'praxis_mail_messages_total{outcome="failed"}'), 1);
  assert.equal(sample(text, 'praxis_mail_messages_total{outcome="sent"}'), 0);
});
