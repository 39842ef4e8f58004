// The transparency page, its downloads, the statistics API and the yearly report, on every engine:
// figures equal direct counts over seeded data, small counts and their complements are hidden the
// same way everywhere, report editing is for admins only, and the report PDF carries the figures.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Migrator } from 'kysely/migration';
import { Agent, signedInAgent } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { openCall } from '../../test/support/cases.ts';
import { createTestDatabase, engines } from '../../test/support/engines.ts';
import { completeCourse } from '../../test/support/learning.ts';
import { layoutText, pdftotext } from '../../test/support/pdf.ts';
import { readPackage } from '../courses/package/read-package.ts';
import { migrations } from '../platform/db/migrations/index.ts';
import { countryName } from '../platform/i18n/countries.ts';
import { newId } from '../platform/ids.ts';

const PASSWORD = 'transparency password 1';
const YEAR = new Date().getUTCFullYear();

/** 25 people: 12 in KR (ko), 3 in JP, 6 in GH, 3 in FR, 1 admin in FR. */
const PEOPLE = [
  ...Array.from({ length: 12 }, (_, i) => ({
    country: 'KR',
    locale: 'ko' as const,
    email: `kr${i}@example.org`,
  })),
  ...Array.from({ length: 3 }, (_, i) => ({
    country: 'JP',
    locale: 'en' as const,
    email: `jp${i}@example.org`,
  })),
  ...Array.from({ length: 6 }, (_, i) => ({
    country: 'GH',
    locale: 'en' as const,
    email: `gh${i}@example.org`,
  })),
  ...Array.from({ length: 3 }, (_, i) => ({
    country: 'FR',
    locale: 'fr' as const,
    email: `fr${i}@example.org`,
  })),
];

async function seed(app: FastifyInstance) {
  const { identity, courses, learning, database } = app.services;
  const { db } = database;
  const { pkg } = await readPackage(join(import.meta.dirname, '../../test/fixtures/courses/fixture-course'));
  await courses.importPackage(pkg!, { publish: true });
  const ids: string[] = [];
  for (const p of PEOPLE) ids.push((await identity.addUser({ ...p, name: p.email, roles: [] })).id);
  await identity.addUser({
    email: 'admin@example.org',
    name: 'Admin',
    roles: ['admin'],
    password: PASSWORD,
    country: 'FR',
    locale: 'fr',
  });
  // 11 enrollments (shown), 2 completions with certificates (hidden).
  for (const id of ids.slice(0, 9)) await learning.enroll(id, 'fixture-course');
  for (const id of ids.slice(9, 11)) await completeCourse(app, id, 'fixture-course');
  // Opt-in answers: 11 women (shown), the rest not stated.
  await db
    .updateTable('users')
    .set({ gender: 'woman', sector: 'academia' })
    .where('id', 'in', ids.slice(0, 11))
    .execute();
  // Everyone was active recently.
  await db.updateTable('users').set({ last_active_at: new Date().toISOString() }).execute();

  // A call with 12 submitted cases: 10 from government, 2 from academia (both then hidden).
  const call = await openCall(app);
  for (let i = 0; i < 12; i++) {
    const now = new Date().toISOString();
    await db
      .insertInto('submissions')
      .values({
        id: newId(),
        call_id: call.id,
        owner_id: ids[i]!,
        status: 'submitted',
        language: 'en',
        title: `Case ${i}`,
        summary: 'A fictional case.',
        practice_type: 'governance-framework',
        stakeholder_type: i < 10 ? 'government' : 'academia',
        organisation: 'Fictional',
        organisation_key: 'fictional',
        country: 'KR',
        region: 'asia-pacific',
        sector: 'public-administration',
        lifecycle_stage: 'deployment',
        values: '[]',
        principles: '[]',
        policy_areas: '[]',
        what: '',
        how: '',
        results: '',
        challenges: '',
        adoption: '',
        links: '[]',
        consent_publish: 1,
        withdraw_reason: null,
        decision: null,
        decided_at: null,
        created_at: now,
        updated_at: now,
        submitted_at: now,
      })
      .execute();
  }
  await app.services.transparency.rollup();
  return { call, ids };
}

async function admin(app: FastifyInstance) {
  const agent = new Agent(app);
  const response = await agent.post(
    '/en/sign-in',
    { email: 'admin@example.org', password: PASSWORD },
    { from: '/en/sign-in' },
  );
  assert.equal(response.statusCode, 303);
  return agent;
}

/** Direct counts over the raw tables, to compare the published figures with. */
async function directCounts(app: FastifyInstance) {
  const { db } = app.services.database;
  const group = async (column: 'country' | 'locale') =>
    Object.fromEntries(
      (
        await db
          .selectFrom('users')
          .select([column, (eb) => eb.fn.countAll<number>().as('n')])
          .groupBy(column)
          .execute()
      ).map((r) => [r[column], Number(r.n)]),
    ) as Record<string, number>;
  const count = async (table: 'users' | 'enrollments' | 'certificates') =>
    Number(
      (await db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirst())!.n,
    );
  return {
    learners: await count('users'),
    enrollments: await count('enrollments'),
    certificates: await count('certificates'),
    byCountry: await group('country'),
    byLocale: await group('locale'),
  };
}

type Cell = { value: number | null; suppressed: boolean };
type Table = {
  id: string;
  rows: { key: string; label: string; total: boolean; cells: Record<string, Cell> }[];
};

const cellOf = (table: Table | undefined, row: string, column: string) =>
  table?.rows.find((r) => r.key === row)?.cells[column];

for (const engine of engines()) {
  describe(`transparency on ${engine}`, () => {
    test('the page, CSV, JSON and API publish the direct counts, with small and complementary counts hidden alike', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const { call } = await seed(app);
      const direct = await directCounts(app);
      assert.equal(direct.learners, 25);

      const json = JSON.parse((await app.inject('/en/transparency/data.json')).body) as {
        tables: Table[];
        calls: { slug: string; tables: Table[] }[];
        threshold: number;
      };
      assert.equal(json.threshold, 10);
      const table = (id: string) => json.tables.find((x) => x.id === id);

      // Shown figures equal the direct counts.
      assert.deepEqual(cellOf(table('overview'), 'learners', 'count'), {
        value: direct.learners,
        suppressed: false,
      });
      assert.deepEqual(cellOf(table('overview'), 'enrollments', 'count'), {
        value: direct.enrollments,
        suppressed: false,
      });
      assert.equal(direct.enrollments, 11);
      assert.deepEqual(cellOf(table('overview'), 'certificates', 'count'), { value: null, suppressed: true });
      assert.deepEqual(cellOf(table('regions'), 'asia-pacific', 'people'), { value: 15, suppressed: false });
      assert.deepEqual(cellOf(table('regions'), 'total', 'people'), { value: 25, suppressed: false });
      assert.deepEqual(cellOf(table('languages'), 'ko', 'people'), {
        value: direct.byLocale.ko,
        suppressed: false,
      });
      // 11 women, but the other answers are all empty: 25 − 14 − 11 = 0 would show they are zero, so
      // the women's figure is hidden with them.
      assert.deepEqual(cellOf(table('genders'), 'woman', 'people'), { value: null, suppressed: true });
      assert.deepEqual(cellOf(table('genders'), 'not-stated', 'people'), { value: 14, suppressed: false });
      // Primary: fewer than 10.
      for (const region of ['africa', 'europe-north-america', 'arab-states']) {
        assert.deepEqual(
          cellOf(table('regions'), region, 'people'),
          { value: null, suppressed: true },
          region,
        );
      }
      assert.deepEqual(cellOf(table('countries'), 'JP', 'people'), { value: null, suppressed: true });
      // Secondary: Korea has 12, but Asia-Pacific (15) − Korea would give Japan's 3 back.
      assert.equal(direct.byCountry.KR, 12);
      assert.deepEqual(cellOf(table('countries'), 'KR', 'people'), { value: null, suppressed: true });
      // Every shown country equals its direct count.
      for (const row of table('countries')!.rows.filter((r) => !r.total)) {
        const c = row.cells.people!;
        if (!c.suppressed) assert.equal(c.value, direct.byCountry[row.key]);
        else assert.equal(c.value, null);
      }

      // The call: 12 submissions; academia (2) hidden and so government (10) with it.
      const callTables = json.calls.find((c) => c.slug === call.slug)!.tables;
      const stake = callTables.find((x) => x.id.endsWith('-stakeholders'));
      assert.deepEqual(cellOf(stake, 'total', 'submissions'), { value: 12, suppressed: false });
      assert.deepEqual(cellOf(stake, 'academia', 'submissions'), { value: null, suppressed: true });
      assert.deepEqual(cellOf(stake, 'government', 'submissions'), { value: null, suppressed: true });
      const practice = callTables.find((x) => x.id.endsWith('-practices'));
      assert.deepEqual(cellOf(practice, 'governance-framework', 'submissions'), {
        value: 12,
        suppressed: false,
      });

      // The page shows the same: shown numbers, "fewer than 10" for the hidden, in the page's language.
      const page = await app.inject('/en/transparency');
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /<th scope="row">Asia and the Pacific<\/th><td class="num">15<\/td>/);
      assert.match(page.body, /<th scope="row">Africa<\/th><td class="num suppressed">fewer than 10<\/td>/);
      assert.ok(
        page.body.includes(
          `<th scope="row">${countryName('KR', 'en')}</th><td class="num suppressed">fewer than 10</td>`,
        ),
      );
      assert.match(page.body, /<svg[^>]*role="img"/);
      assert.doesNotMatch(page.body, /<g aria-label/);
      assert.match(page.body, /href="\/en\/transparency"[^>]*aria-current="page"/);
      const ko = await app.inject('/ko/transparency');
      assert.match(ko.body, /10명 미만/);

      // CSV and per-table JSON carry the same cells.
      const csv = await app.inject('/en/transparency/data/regions.csv');
      assert.equal(csv.statusCode, 200);
      assert.match(String(csv.headers['content-type']), /text\/csv/);
      const lines = csv.body
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      assert.equal(lines[0], 'key,label,total,people,peopleSuppressed');
      assert.ok(lines.includes('asia-pacific,Asia and the Pacific,false,15,false'));
      assert.ok(lines.includes('africa,Africa,false,,true'));
      assert.ok(lines.includes('total,Total,true,25,false'));
      const countriesCsv = (await app.inject('/en/transparency/data/countries.csv')).body;
      assert.ok(countriesCsv.includes(`\nKR,${countryName('KR', 'en')},false,,true\r`));
      const one = JSON.parse((await app.inject('/en/transparency/data/regions.json')).body) as Table;
      assert.deepEqual(one, table('regions'));
      assert.equal((await app.inject('/en/transparency/data/nothing.csv')).statusCode, 404);

      // The API: the same figures, with CORS, ETag and labels in the asked language.
      const api = await app.inject('/api/v1/statistics?locale=ko');
      assert.equal(api.statusCode, 200);
      assert.equal(api.headers['access-control-allow-origin'], '*');
      assert.ok(api.headers.etag);
      const apiBody = JSON.parse(api.body) as { tables: Table[]; locale: string };
      assert.equal(apiBody.locale, 'ko');
      for (const id of ['overview', 'regions', 'countries', 'languages', 'genders', 'courses', 'monthly']) {
        const mine = apiBody.tables.find((x) => x.id === id)!;
        const page = table(id)!;
        // Rows are sorted by their label in the asked language; the cells per key are the same.
        const byKey = (x: Table) => Object.fromEntries(x.rows.map((r) => [r.key, r.cells]));
        assert.deepEqual(byKey(mine), byKey(page), id);
      }
      assert.equal(
        (
          await app.inject({
            url: '/api/v1/statistics?locale=ko',
            headers: { 'if-none-match': String(api.headers.etag) },
          })
        ).statusCode,
        304,
      );
      const perCall = await app.inject(`/api/v1/statistics/calls/${call.slug}`);
      assert.equal(perCall.statusCode, 200);
      const perCallBody = JSON.parse(perCall.body) as { summary: Record<string, Cell>; tables: Table[] };
      assert.deepEqual(perCallBody.summary.submitted, { value: 12, suppressed: false });
      assert.deepEqual(perCallBody.summary.reviewers, { value: null, suppressed: true });
      assert.deepEqual(perCallBody.tables, callTables);
      assert.equal((await app.inject('/api/v1/statistics/calls/no-such-call')).statusCode, 404);
      assert.equal((await app.inject('/api/v1/statistics?locale=xx')).statusCode, 400);
    });

    test('migration 0007 goes down and up again', async (t) => {
      const { database, dispose } = await createTestDatabase(engine);
      t.after(dispose);
      await database.migrate();
      const migrator = new Migrator({ db: database.db, provider: { getMigrations: async () => migrations } });
      const down = await migrator.migrateTo('0006-peer-review');
      assert.equal(down.error, undefined);
      assert.equal(down.results?.at(-1)?.migrationName, '0007-transparency');
      const later = Object.keys(migrations).filter((name) => name >= '0007');
      assert.deepEqual(await database.migrate(), later);
    });

    test('the roll-up is incremental and the page reads only rolled-up rows', async (t) => {
      const { app, drain } = await buildTestApp(t, engine);
      const { transparency, identity, jobs } = app.services;
      // The recurring roll-up job (a full one: there is no watermark yet); this one follows it.
      await jobs.schedule();
      assert.ok((await drain()) >= 1);
      const first = await transparency.rollup();
      assert.equal(first.full, false);
      for (let i = 0; i < 10; i++)
        await identity.addUser({ email: `n${i}@example.org`, name: 'N', roles: [], country: 'BR' });
      // Not yet rolled up: the published figures do not change.
      let json = JSON.parse((await app.inject('/en/transparency/data/overview.json')).body) as Table;
      assert.deepEqual(cellOf(json, 'learners', 'count'), { value: null, suppressed: true });
      const second = await transparency.rollup();
      assert.equal(second.full, false);
      assert.equal(second.from, new Date().toISOString().slice(0, 10));
      json = JSON.parse((await app.inject('/en/transparency/data/overview.json')).body) as Table;
      assert.deepEqual(cellOf(json, 'learners', 'count'), { value: 10, suppressed: false });
      const monthly = JSON.parse((await app.inject('/en/transparency/data/monthly.json')).body) as Table;
      assert.deepEqual(cellOf(monthly, new Date().toISOString().slice(0, 7), 'registrations'), {
        value: 10,
        suppressed: false,
      });
    });

    test('the opt-in profile questions are saved, exported, and checked', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      const agent = await signedInAgent(app, outbox, { email: 'optin@example.org' });
      const account = await agent.get('/en/account');
      assert.match(account.body, /For the public statistics \(optional\)/);
      assert.match(account.body, /<option value(="")?>Not answered<\/option>/);
      const saved = await agent.post('/en/account/profile', {
        name: 'Opt In',
        country: 'KE',
        locale: 'en',
        gender: 'prefer-not-to-say',
        sector: 'academia',
      });
      assert.equal(saved.statusCode, 303);
      const row = await app.services.identity.findByEmail('optin@example.org');
      assert.equal(row?.gender, 'prefer-not-to-say');
      assert.equal(row?.sector, 'academia');
      const exported = JSON.parse((await agent.get('/en/account/export')).body) as {
        account: { statistics: { gender: string; sector: string } };
      };
      assert.deepEqual(exported.account.statistics, { gender: 'prefer-not-to-say', sector: 'academia' });
      const bad = await agent.post(
        '/en/account/profile',
        { name: 'Opt In', country: 'KE', locale: 'en', gender: 'robot', sector: '' },
        { from: '/en/account' },
      );
      assert.equal(bad.statusCode, 422);
      // Clearing an answer is allowed: blank means not answered.
      await agent.post(
        '/en/account/profile',
        { name: 'Opt In', country: 'KE', locale: 'en', gender: '', sector: '' },
        { from: '/en/account' },
      );
      assert.equal((await app.services.identity.findByEmail('optin@example.org'))?.gender, null);
      // Deleting the account clears the answers from the tombstone the figures keep.
      await agent.post(
        '/en/account/profile',
        { name: 'Opt In', country: 'KE', locale: 'en', gender: 'woman', sector: 'student' },
        { from: '/en/account' },
      );
      const id = (await app.services.identity.findByEmail('optin@example.org'))!.id;
      await agent.post(
        '/en/account/delete',
        { current: 'a long enough password', confirm: 'yes' },
        { from: '/en/account/delete' },
      );
      const tombstone = await app.services.database.db
        .selectFrom('users')
        .select(['gender', 'sector', 'deleted_at'])
        .where('id', '=', id)
        .executeTakeFirst();
      assert.ok(tombstone?.deleted_at);
      assert.deepEqual([tombstone?.gender, tombstone?.sector], [null, null]);
    });

    test('report editing: visitors sign in, non-admins are refused, Markdown is sanitized and audited', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      await seed(app);
      const path = `/en/admin/transparency/report/${YEAR}`;
      const visitor = await new Agent(app).get(path);
      assert.equal(visitor.statusCode, 303);
      assert.match(String(visitor.headers.location), /\/en\/sign-in\?next=/);
      const learner = await signedInAgent(app, outbox, { email: 'learner@example.org' });
      assert.equal((await learner.get(path)).statusCode, 403);
      assert.equal((await learner.post(path, { accessibility: 'x' }, { csrf: null })).statusCode, 403);

      const boss = await admin(app);
      assert.equal((await boss.get(path)).statusCode, 200);
      const saved = await boss.post(
        path,
        {
          accessibility:
            '## Checked\n\nAll pages pass **WCAG 2.2 AA**.<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)>',
          privacy: 'Nothing about fewer than 10 people. See [the notice](https://example.org/privacy).',
          'content-review': '',
          'reviewer-diversity': '',
        },
        { from: path },
      );
      assert.equal(saved.statusCode, 303);
      const report = await app.inject(`/en/transparency/report/${YEAR}`);
      assert.equal(report.statusCode, 200);
      assert.match(report.body, /<strong>WCAG 2.2 AA<\/strong>/);
      assert.match(report.body, /<h3>Checked<\/h3>/);
      assert.doesNotMatch(report.body, /<script>alert/);
      assert.doesNotMatch(report.body, /href="javascript:/);
      assert.doesNotMatch(report.body, /<img/);
      assert.match(report.body, /<a href="https:\/\/example.org\/privacy">the notice<\/a>/);
      const audit = await app.services.database.db
        .selectFrom('audit_log')
        .selectAll()
        .where('action', '=', 'transparency.report.update')
        .execute();
      assert.equal(audit.length, 1);
      assert.equal(audit[0]!.target_id, `${YEAR}/en`);
      // Korean falls back to English statements until they are written.
      const ko = await app.inject(`/ko/transparency/report/${YEAR}`);
      assert.match(ko.body, /영어로 보여 드립니다/);
      assert.equal((await app.inject('/en/transparency/report/1999')).statusCode, 404);
    });

    test('the report PDF carries the year’s figures and statements, in English, Korean and Arabic', async (t) => {
      const { app } = await buildTestApp(t, engine);
      await seed(app);
      await app.services.transparency.saveSections(
        YEAR,
        'ko',
        {
          accessibility: '모든 페이지를 점검했습니다.',
          privacy: '',
          'content-review': '',
          'reviewer-diversity': '',
        },
        null,
      );
      const en = await app.inject(`/en/transparency/report/${YEAR}.pdf`);
      assert.equal(en.statusCode, 200);
      assert.equal(en.headers['content-type'], 'application/pdf');
      const enText = pdftotext(en.rawPayload, '-layout');
      assert.match(enText, new RegExp(`Accountability report ${YEAR}`));
      assert.match(enText, /Registrations\s+25/);
      assert.match(enText, /Enrollments\s+11/);
      assert.match(enText, /Certificates issued\s+fewer than 10/);
      assert.match(enText, /Asia and the Pacific\s+15/);
      const ko = await app.inject(`/ko/transparency/report/${YEAR}.pdf`);
      const koText = pdftotext(ko.rawPayload, '-layout');
      assert.match(koText, new RegExp(`${YEAR}년 책임성 보고서`));
      assert.match(koText, /가입\s+25/);
      assert.match(koText, /발급된 수료증\s+10명 미만/);
      assert.match(koText, /모든 페이지를 점검했습니다/);
      // Arabic readers are offered the Arabic PDF, laid out right to left: poppler gives the words
      // in reading order and the table rows in visual order (figures left of their labels).
      await app.services.transparency.saveSections(
        YEAR,
        'ar',
        { accessibility: 'فحصنا جميع الصفحات.', privacy: '', 'content-review': '', 'reviewer-diversity': '' },
        null,
      );
      const arPage = await app.inject(`/ar/transparency/report/${YEAR}`);
      assert.match(arPage.body, new RegExp(`href="/ar/transparency/report/${YEAR}.pdf"`));
      const ar = await app.inject(`/ar/transparency/report/${YEAR}.pdf`);
      assert.equal(ar.statusCode, 200);
      assert.match(String(ar.headers['content-disposition']), new RegExp(`praxis-report-${YEAR}-ar\\.pdf`));
      const arText = layoutText(ar.rawPayload);
      assert.match(arText, new RegExp(`تقرير المساءلة لعام ${YEAR}`));
      assert.match(arText, /25\s+التسجيلات في المنصة/);
      assert.match(arText, /أقل من 10\s+الشهادات الصادرة/);
      assert.match(arText, /فحصنا جميع الصفحات/);
    });
  });
}
