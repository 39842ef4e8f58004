// What every benchmark shares: the load generator, the static ceiling and the table it prints.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import autocannon from 'autocannon';
import Fastify from 'fastify';

export const seconds = Number(process.env.BENCH_SECONDS ?? 10);
export const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);

export interface Row {
  name: string;
  rps: number;
  p50: number;
  p99: number;
  bytes: number;
  errors: number;
}

export type LoadOptions = Omit<autocannon.Options, 'url' | 'connections' | 'duration'>;

/** Loads one URL for `seconds` with `connections` and summarises it as a row. */
export async function load(name: string, url: string, options: LoadOptions = {}): Promise<Row> {
  const result = await autocannon({ url, connections, duration: seconds, ...options });
  return {
    name,
    rps: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    bytes: Math.round(result.throughput.average / Math.max(1, result.requests.average)),
    errors: result.errors + result.non2xx,
  };
}

/** The machine and settings, for RESULTS.md. */
export function machine(): string {
  return (
    `Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, ` +
    `Node ${process.versions.node}; ${connections} connections, ${seconds} s per scenario, loopback.`
  );
}

export function printTable(rows: Row[], note: string): void {
  const lines = [
    '| scenario | req/s | p50 ms | p99 ms | bytes/response | errors |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${r.bytes} | ${r.errors} |`),
  ];
  process.stdout.write(`\n${lines.join('\n')}\n\n${machine()} ${note}\n`);
}

/** Serves fixed bytes as static files: the ceiling the dynamic pages are compared with. */
export async function staticServer(dir: string, files: Record<string, string>) {
  mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  const server = Fastify({ logger: false });
  await server.register(fastifyStatic, { root: dir });
  await server.listen({ port: 0, host: '127.0.0.1' });
  return { server, base: `http://127.0.0.1:${(server.server.address() as { port: number }).port}` };
}
