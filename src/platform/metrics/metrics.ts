import { timingSafeEqual } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Database } from '../db/database.ts';
import type { Mailer } from '../mail/mailer.ts';

/** A gauge another module registers (the job queue's depth, say); collect() runs at each scrape. */
export interface GaugeSpec {
  name: string;
  help: string;
  labelNames?: string[];
  collect(set: (value: number, labels?: Record<string, string>) => void): Promise<void> | void;
}

export interface Metrics {
  registry: Registry;
  /** Adds a gauge read at scrape time. Names should start with praxis_. */
  registerGauge(spec: GaugeSpec): void;
  /** The mailer, counting what it sends and what fails. */
  countMail(mailer: Mailer): Mailer;
}

const STATUS_CLASSES = ['1xx', '1xx', '2xx', '3xx', '4xx', '5xx'];

/** One registry per app (tests build many apps in one process), with Node's defaults (event-loop lag…). */
export function createMetrics({ database }: { database: Database }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  const query = new Histogram({
    name: 'praxis_db_query_duration_seconds',
    help: 'Database query time, by outcome (ok, error).',
    labelNames: ['engine', 'outcome'],
    buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
    registers: [registry],
  });
  const ok = { engine: database.engine, outcome: 'ok' };
  const failed = { engine: database.engine, outcome: 'error' };
  database.onQuery((ms, error) => query.observe(error ? failed : ok, ms / 1000));

  if (database.engine === 'postgres') {
    new Gauge({
      name: 'praxis_db_pool_connections',
      help: 'PostgreSQL pool connections: total open, idle, clients waiting for one, and the maximum.',
      labelNames: ['state'],
      registers: [registry],
      collect() {
        const stats = database.poolStats();
        if (!stats) return;
        this.set({ state: 'total' }, stats.total);
        this.set({ state: 'idle' }, stats.idle);
        this.set({ state: 'waiting' }, stats.waiting);
        this.set({ state: 'max' }, stats.max);
      },
    });
  }

  new Gauge({
    name: 'praxis_active_sessions',
    help: 'Signed-in sessions that have not expired.',
    registers: [registry],
    async collect() {
      const row = await database.db
        .selectFrom('sessions')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('expires_at', '>', new Date().toISOString())
        .executeTakeFirstOrThrow();
      this.set(Number(row.n));
    },
  });

  const mail = new Counter({
    name: 'praxis_mail_messages_total',
    help: 'Outgoing mail, by outcome (sent, failed).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  mail.inc({ outcome: 'sent' }, 0);
  mail.inc({ outcome: 'failed' }, 0);

  return {
    registry,
    registerGauge(spec) {
      new Gauge({
        name: spec.name,
        help: spec.help,
        labelNames: spec.labelNames ?? [],
        registers: [registry],
        async collect() {
          await spec.collect((value, labels) => (labels ? this.set(labels, value) : this.set(value)));
        },
      });
    },
    countMail(mailer) {
      return {
        async send(message) {
          try {
            await mailer.send(message);
          } catch (error) {
            mail.inc({ outcome: 'failed' });
            throw error;
          }
          mail.inc({ outcome: 'sent' });
        },
      };
    },
  };
}

export interface MetricsRouteOptions {
  metrics: Metrics;
  /** METRICS_TOKEN */
  token: string | undefined;
  /** METRICS_ALLOW */
  allow: string[];
}

/**
 * Times every request by route pattern (never the raw URL, so the label set stays small) and serves
 * /metrics to a holder of the token or an allowed address; without either setting it does not exist.
 */
export function registerMetrics(app: FastifyInstance, { metrics, token, allow }: MetricsRouteOptions) {
  const requests = new Histogram({
    name: 'praxis_http_request_duration_seconds',
    help: 'HTTP request time by route pattern, method and status class; _count is the request count.',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [metrics.registry],
  });
  app.addHook('onResponse', (request, reply, done) => {
    requests.observe(
      {
        route: request.routeOptions.url ?? 'unmatched',
        method: request.method,
        status: STATUS_CLASSES[Math.floor(reply.statusCode / 100)] ?? '5xx',
      },
      reply.elapsedTime / 1000,
    );
    done();
  });

  if (!token && allow.length === 0) return;
  const allowed = new BlockList();
  for (const entry of allow) {
    const [address = '', prefix] = entry.split('/');
    const family = isIP(address) === 6 ? 'ipv6' : 'ipv4';
    if (prefix === undefined) allowed.addAddress(address, family);
    else allowed.addSubnet(address, Number(prefix), family);
  }
  const expected = token ? Buffer.from(`Bearer ${token}`) : undefined;
  const permitted = (request: FastifyRequest): boolean => {
    const header = request.headers.authorization;
    if (expected && header) {
      const given = Buffer.from(header);
      if (given.length === expected.length && timingSafeEqual(given, expected)) return true;
    }
    const ip = request.ip.startsWith('::ffff:') ? request.ip.slice(7) : request.ip;
    const family = isIP(ip);
    return family !== 0 && allowed.check(ip, family === 6 ? 'ipv6' : 'ipv4');
  };
  app.get('/metrics', { config: { skipSession: true } }, async (request, reply) => {
    if (!permitted(request)) {
      if (expected) reply.header('www-authenticate', 'Bearer realm="metrics"');
      return reply.code(expected ? 401 : 403).send();
    }
    return reply.type(metrics.registry.contentType).send(await metrics.registry.metrics());
  });
}
