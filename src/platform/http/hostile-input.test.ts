import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { Agent } from '../../../test/support/agent.ts';
import { buildTestApp } from '../../../test/support/app.ts';
import { engines } from '../../../test/support/engines.ts';
import { importBundledCourses } from '../../courses/bundled.ts';
import { seedDemo } from '../../demo.ts';

/**
 * Walks the app's own route table and sends every route hostile input: broken multipart, wrong content
 * types, control characters, invalid UTF-8, arrays for strings, absurd numbers, over-long fields, and
 * path parameters that name nothing. Seeded and bounded, so a failure is reproducible (fast-check
 * prints the seed and the shrunk request) and the run stays short.
 */

const SEED = 20261207;
const RUNS_PER_READ_ROUTE = 4;

/** Tables a rejected request must not change. Attempt counters and logs are allowed to grow. */
const WATCHED = [
  'users',
  'user_roles',
  'sessions',
  'user_tokens',
  'enrollments',
  'unit_progress',
  'exercise_results',
  'reflections',
  'certificates',
  'calls',
  'submissions',
  'submission_coauthors',
  'submission_files',
  'conflicts',
  'assignments',
  'reviews',
  'case_discussion',
  'published_cases',
  'discussion_threads',
  'discussion_posts',
  'discussion_votes',
  'discussion_reports',
  'community_suspensions',
  'peer_submissions',
  'peer_reviews',
];

async function rowCounts(app: FastifyInstance): Promise<Record<string, number>> {
  const columns = WATCHED.map((table) => `(select count(*) from ${table}) as ${table}`).join(', ');
  const { rows } = await sql<Record<string, number | string>>`${sql.raw(`select ${columns}`)}`.execute(
    app.services.database.db,
  );
  return Object.fromEntries(Object.entries(rows[0]!).map(([k, v]) => [k, Number(v)]));
}

/** Strings a person would not type, and a few a program would. */
const hostileText = fc.oneof(
  fc.constantFrom(
    '\u0000',
    'ab\u0000cdef',
    '\u0007\u001b[31m\u007f',
    '\ud800',
    'NaN',
    'Infinity',
    '-Infinity',
    '-1',
    '0',
    '1e309',
    '99999999999999999999999',
    '-0.0000001',
    "' or 1=1 --",
    '"; drop table users; --',
    '<script>alert(1)</script>',
    'javascript:alert(1)',
    '../../etc/passwd',
    '%',
    '{"$gt": ""}',
    'true',
    '',
    ' ',
    '한국어 ٱلْعَرَبِيَّة 中文',
    '2026-02-31T25:61',
    'a@b',
    'admin@demo.praxis.invalid',
  ),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1, max: 70_000 }).map((n) => 'x'.repeat(n)),
);

/** Field names the app's forms use, and some they do not. */
const FIELD_NAMES = [
  'email',
  'password',
  'password_confirm',
  'current_password',
  'name',
  'title',
  'summary',
  'body',
  'text',
  'reason',
  'value',
  'option',
  'score',
  'rating',
  'weight',
  'scale',
  'page',
  'q',
  'id',
  'user_id',
  'reviewer',
  'role',
  'roles',
  'status',
  'decision',
  'intent',
  'language',
  'locale',
  'country',
  'consent',
  'confirm',
  'links',
  'coauthors',
  'principles',
  'opens_at',
  'closes_at',
  'criterion_0_score',
  'comment',
  'next',
  '__proto__',
  'constructor',
  'a[b][c]',
];
const fieldName = fc.constantFrom(...FIELD_NAMES);

type Field = [string, string | string[]];
const fields = fc.array(
  fc.tuple(fieldName, fc.oneof(hostileText, fc.array(hostileText, { minLength: 2, maxLength: 3 }))),
  { maxLength: 6 },
);

/** Percent-encodes what can be encoded, and leaves raw a few escapes that decode to nothing valid. */
function encode(value: string): string {
  return encodeURIComponent(value.toWellFormed());
}
const rawEscape = fc.constantFrom('%FF%FE', '%ED%A0%80', '%C0%AF', '%', '%zz', '%00');

function urlEncoded(entries: Field[], csrf: string, extra: string[]): string {
  const parts = [`_csrf=${encode(csrf)}`];
  for (const [name, value] of entries)
    for (const v of [value].flat()) parts.push(`${encode(name)}=${encode(v)}`);
  return [...parts, ...extra.map((e) => `email=${e}`)].join('&');
}

function multipart(entries: Field[], csrf: string, boundary: string): string {
  const part = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  let body = part('_csrf', csrf);
  for (const [name, value] of entries) for (const v of [value].flat()) body += part(name, v);
  return `${body}--${boundary}--\r\n`;
}

interface Body {
  contentType?: string;
  payload: string | Buffer;
  label: string;
}

const fixedBody = (body: Body) => fc.constant(body);

/** Values that once reached the database or a header as they were; every field gets each one. */
const EVERY_FIELD = ['a\u0000b@example.org', 'ab\u0000cdef', '/\u0100\ud55c'];
const everyField = (value: string) => FIELD_NAMES.map((name) => `${encode(name)}=${encode(value)}`).join('&');

/**
 * Every kind of hostile body for a form route, each carrying a valid CSRF token where the format lets
 * it, so the request reaches the handler; with how many generated bodies of each kind a route gets.
 */
function hostileBodies(csrf: string): { runs: number; arbitrary: fc.Arbitrary<Body> }[] {
  const token = Buffer.from(`_csrf=${encode(csrf)}&`);
  return [
    {
      runs: 4,
      arbitrary: fc
        .record({ entries: fields, extra: fc.array(rawEscape, { maxLength: 2 }) })
        .map(({ entries, extra }) => ({
          contentType: 'application/x-www-form-urlencoded',
          payload: urlEncoded(entries, csrf, extra),
          label: 'urlencoded',
        })),
    },
    {
      runs: 2,
      arbitrary: fields.map((entries) => ({
        contentType: 'multipart/form-data; boundary=fuzz',
        payload: multipart(entries, csrf, 'fuzz'),
        label: 'multipart',
      })),
    },
    {
      runs: 2,
      arbitrary: fc.tuple(fields, fc.nat()).map(([entries, cut]) => {
        const whole = multipart(entries, csrf, 'fuzz');
        return {
          contentType: 'multipart/form-data; boundary=fuzz',
          payload: whole.slice(0, cut % whole.length),
          label: 'truncated multipart',
        };
      }),
    },
    ...(
      [
        ...EVERY_FIELD.map((value) => ({
          contentType: 'application/x-www-form-urlencoded',
          payload: `${token}${everyField(value)}`,
          label: `every field ${JSON.stringify(value)}`,
        })),
        {
          contentType: 'multipart/form-data; boundary=xyz',
          payload: '--xyz\r\ngarbage',
          label: 'garbage multipart',
        },
        { contentType: 'multipart/form-data', payload: 'no boundary', label: 'multipart without boundary' },
        {
          contentType: 'multipart/form-data; boundary=xyz',
          payload: Buffer.from([0x2d, 0x2d, 0x78, 0x79, 0x7a, 0x0d, 0x0a, 0xff, 0xfe, 0x00]),
          label: 'binary multipart',
        },
        { contentType: 'application/json', payload: '{"email": ', label: 'broken JSON' },
        {
          contentType: 'application/json',
          payload: JSON.stringify({ _csrf: csrf, email: ['a'], name: { x: 1 }, score: 1e308 }),
          label: 'JSON',
        },
        { contentType: 'text/plain', payload: `${token}email=a@b.org`, label: 'text/plain' },
        { contentType: 'application/xml', payload: '<?xml version="1.0"?><a/>', label: 'xml' },
        { payload: `${token}email=a@b.org`, label: 'no content-type' },
        {
          contentType: 'application/x-www-form-urlencoded',
          payload: Buffer.concat([
            token,
            Buffer.from([0x65, 0x6d, 0x61, 0x69, 0x6c, 0x3d, 0xff, 0xfe, 0xc0, 0xaf]),
          ]),
          label: 'invalid UTF-8 bytes',
        },
        {
          contentType: 'application/x-www-form-urlencoded',
          payload: `${token}${['title', 'summary', 'body', 'name', 'reason'].map((f) => `${f}=${'y'.repeat(200_000)}`).join('&')}`,
          label: 'one megabyte of fields',
        },
      ] satisfies Body[]
    ).map((body) => ({ runs: 1, arbitrary: fixedBody(body) })),
  ];
}

const queryString = fc
  .array(fc.tuple(fieldName, fc.oneof(hostileText.map(encode), rawEscape)), { maxLength: 4 })
  .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${v}`).join('&'));

const FORBIDDEN_IN_BODY = [
  /\n\s+at [^\n]+:\d+:\d+/, // a stack trace
  /node_modules|file:\/\//,
  /SQLITE_|\bsqlite3?\b|syntax error at or near|unterminated string|violates [a-z ]*constraint/i,
  /\binsert into\b|\bselect \* from\b|\bdelete from\b/i,
];

function checkResponse(response: LightMyRequestResponse, what: string) {
  assert.ok(
    response.statusCode < 500,
    `${what} answered ${response.statusCode}: ${response.body.slice(0, 300)}`,
  );
  for (const pattern of FORBIDDEN_IN_BODY) {
    assert.doesNotMatch(response.body, pattern, `${what} leaked internals`);
  }
}

for (const engine of engines()) {
  describe(`hostile input on ${engine}`, () => {
    test('no route answers 5xx, leaks internals, or writes on a rejected request', async (t) => {
      const { app } = await buildTestApp(t, engine, {
        jobs: 'off',
        limits: {
          signIn: { max: 100_000, timeWindow: 60_000 },
          register: { max: 100_000, timeWindow: 60_000 },
          reset: { max: 100_000, timeWindow: 60_000 },
        },
      });
      await importBundledCourses(app.services.courses, { info() {}, error() {} });
      const printed = await seedDemo(app);
      const password = /learner@demo\.praxis\.invalid\s+(demo-\S+)/.exec(printed)?.[1];
      assert.ok(password, printed);

      // Real identifiers, so many requests get past "not found" into the handlers.
      const { db } = app.services.database;
      const ids = [
        ...(await db.selectFrom('courses').select('slug as v').execute()),
        ...(await db.selectFrom('calls').select('slug as v').execute()),
        ...(await db.selectFrom('calls').select('id as v').execute()),
        ...(await db.selectFrom('submissions').select('id as v').execute()),
        ...(await db.selectFrom('published_cases').select('id as v').limit(3).execute()),
        ...(await db.selectFrom('discussion_posts').select('id as v').limit(3).execute()),
        ...(await db.selectFrom('discussion_threads').select('id as v').limit(3).execute()),
        ...(await db.selectFrom('peer_submissions').select('id as v').limit(2).execute()),
        ...(await db.selectFrom('certificates').select('id as v').limit(2).execute()),
      ].map((r) => r.v);
      const paramValue = fc.oneof(
        { weight: 3, arbitrary: fc.constantFrom(...ids) },
        {
          weight: 1,
          arbitrary: fc.constantFrom('%00', 'a%00b', '%FF', '%ED%A0%80', '-1', '1e309', 'x'.repeat(201)),
        },
        { weight: 1, arbitrary: hostileText.map(encode) },
      );

      const visitor = new Agent(app);
      await visitor.get('/en/sign-in');
      const learner = new Agent(app);
      const signIn = await learner.post(
        '/en/sign-in',
        { email: 'learner@demo.praxis.invalid', password },
        { from: '/en/sign-in' },
      );
      assert.equal(signIn.statusCode, 303);
      const csrfOf = async (agent: Agent, path: string) => {
        const page = await agent.get(path);
        const token = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
        assert.ok(token, 'a page with a form carries a CSRF token');
        return token;
      };
      const personas = [
        { name: 'visitor', agent: visitor, csrf: await csrfOf(visitor, '/en/sign-in') },
        { name: 'learner', agent: learner, csrf: await csrfOf(learner, '/en/account') },
      ];

      // Signing out and deleting the account end the learner's session; they go last.
      const last = (url: string) => /sign-out|delete/.test(url);
      const routes = [...app.routeTable]
        .filter((r) => r.method !== 'HEAD' && r.method !== 'OPTIONS')
        .sort((a, b) => Number(last(a.url)) - Number(last(b.url)));
      assert.ok(routes.length > 50, `the route table was collected (${routes.length} routes)`);

      const fill = (pattern: string, values: string[]) => {
        let i = 0;
        return pattern
          .replace(/:locale(?=\/|$)/g, 'en')
          .replace(/:[A-Za-z_]+/g, () => values[i++ % values.length] ?? 'x')
          .replace(/\*/g, 'x');
      };
      const cookieHeader = (agent: Agent) => [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');

      let requests = 0;
      const send = async (
        persona: (typeof personas)[number],
        method: string,
        url: string,
        body: Body | undefined,
      ) => {
        const before = body ? await rowCounts(app) : undefined;
        const response = await app.inject({
          method: method as 'GET',
          url,
          headers: {
            ...persona.agent.headers,
            cookie: cookieHeader(persona.agent),
            ...(body?.contentType ? { 'content-type': body.contentType } : {}),
          },
          ...(body ? { payload: body.payload } : {}),
        });
        requests++;
        const what = `${persona.name} ${method} ${url.slice(0, 200)}${body ? ` (${body.label})` : ''}`;
        checkResponse(response, what);
        if (before && response.statusCode >= 400) {
          assert.deepEqual(await rowCounts(app), before, `${what} answered ${response.statusCode} but wrote`);
        }
      };
      const params = fc.array(paramValue, { minLength: 1, maxLength: 4 });
      for (const persona of personas) {
        for (const [r, route] of routes.entries()) {
          if (route.method === 'GET') {
            await fc.assert(
              fc.asyncProperty(params, queryString, (values, query) =>
                send(persona, 'GET', `${fill(route.url, values)}?${query}`, undefined),
              ),
              { seed: SEED + r, numRuns: RUNS_PER_READ_ROUTE, endOnFailure: true },
            );
            for (const value of EVERY_FIELD)
              await send(persona, 'GET', `${fill(route.url, ids)}?${everyField(value)}`, undefined);
            continue;
          }
          for (const [k, kind] of hostileBodies(persona.csrf).entries()) {
            await fc.assert(
              fc.asyncProperty(params, kind.arbitrary, (values, body) =>
                send(persona, route.method, fill(route.url, values), body),
              ),
              { seed: SEED + r * 100 + k, numRuns: kind.runs, endOnFailure: true },
            );
          }
        }
      }
      assert.ok(requests > 300, `${requests} hostile requests were sent`);
    });
  });
}
