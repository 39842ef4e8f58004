import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CALL_FORM } from '../../test/support/cases.ts';
import { createTestDatabase, engines } from '../../test/support/engines.ts';
import { nowIso } from '../platform/ids.ts';
import { readCallForm } from './call-form.ts';
import { createCallStore } from './calls.ts';
import { createLibrary } from './library.ts';
import type { Submission } from './submissions.ts';

function submission(id: string, title: string, summary: string, extra: Partial<Submission> = {}): Submission {
  return {
    id,
    callId: 'call',
    ownerId: 'owner',
    status: 'submitted',
    language: 'ko',
    title,
    summary,
    practiceType: 'tool-application',
    stakeholderType: 'startup',
    organisation: 'Fictional Org',
    country: 'KR',
    region: 'asia-pacific',
    sector: 'health',
    lifecycleStage: 'deployment',
    values: [],
    principles: ['fairness-non-discrimination'],
    policyAreas: ['health-wellbeing'],
    what: '',
    how: '',
    results: '',
    challenges: '',
    adoption: '',
    links: [],
    coauthors: [],
    consentPublish: true,
    withdrawReason: null,
    decision: 'selected',
    createdAt: nowIso(),
    updatedAt: nowIso(),
    submittedAt: nowIso(),
    files: [],
    ...extra,
  };
}

for (const engine of engines()) {
  describe(`case library search on ${engine}`, () => {
    test('finds Korean words of two and more syllables, filters by facets, pages with a cursor', async (t) => {
      const { database, dispose } = await createTestDatabase(engine);
      t.after(dispose);
      await database.migrate();
      const call = await createCallStore(database.db).create(readCallForm(CALL_FORM).input!);
      const library = createLibrary(database);
      const cases = [
        submission('s1', '의료 인공지능의 공정성 점검', '병원에서 진단 모델의 편향을 점검한 사례입니다.', {
          callId: call.id,
        }),
        submission('s2', '교육 현장의 윤리 교육', '교사를 위한 인공지능 윤리 교육 과정을 만든 사례입니다.', {
          callId: call.id,
          sector: 'education',
          practiceType: 'governance-framework',
        }),
        submission('s3', 'Fairness audits for lending', 'A fictional lender audits its credit model.', {
          callId: call.id,
          language: 'en',
          region: 'europe-north-america',
          country: 'FR',
        }),
      ];
      await database.db
        .insertInto('users')
        .values({
          id: 'x',
          email: 'x@example.org',
          email_verified_at: null,
          name: 'X',
          password_hash: null,
          country: 'KR',
          locale: 'ko',
          consent_version: 'v',
          consent_at: nowIso(),
          created_at: nowIso(),
          updated_at: nowIso(),
          last_active_at: null,
          deleted_at: null,
        })
        .execute();

      for (const s of cases) {
        await database.db
          .insertInto('submissions')
          .values({
            id: s.id,
            call_id: call.id,
            owner_id: 'x',
            status: 'submitted',
            language: s.language,
            title: s.title,
            summary: s.summary,
            practice_type: s.practiceType,
            stakeholder_type: s.stakeholderType,
            organisation: s.organisation,
            organisation_key: '',
            country: s.country,
            region: s.region,
            sector: s.sector,
            lifecycle_stage: '',
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
            decision: 'selected',
            decided_at: null,
            created_at: nowIso(),
            updated_at: nowIso(),
            submitted_at: nowIso(),
          })
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
        await library.publish(s, ['Author']);
      }
      const titles = async (q: string, extra = {}) =>
        (await library.search({ q, ...extra })).cases.map((c) => c.title).sort();
      assert.deepEqual(await titles('윤리'), ['교육 현장의 윤리 교육'], 'a two-syllable Korean word');
      assert.deepEqual(
        await titles('공정성'),
        ['의료 인공지능의 공정성 점검'],
        'three syllables: the trigram index',
      );
      assert.deepEqual(await titles('인공지능'), ['교육 현장의 윤리 교육', '의료 인공지능의 공정성 점검']);
      assert.deepEqual(await titles('credit MODEL'), ['Fairness audits for lending'], 'case-insensitive');
      assert.deepEqual(await titles('', { sector: 'education' }), ['교육 현장의 윤리 교육']);
      assert.deepEqual(await titles('', { region: 'europe-north-america' }), ['Fairness audits for lending']);
      assert.deepEqual(await titles('', { principle: 'fairness-non-discrimination' }), [
        'Fairness audits for lending',
        '교육 현장의 윤리 교육',
        '의료 인공지능의 공정성 점검',
      ]);
      assert.equal(await library.count({ practiceType: 'tool-application' }), 2);
      const facets = await library.facets({});
      assert.deepEqual(
        facets.sector.map((f) => [f.value, f.count]),
        [
          ['education', 1],
          ['health', 2],
        ],
      );

      const first = await library.search({}, { limit: 2 });
      assert.equal(first.cases.length, 2);
      assert.ok(first.nextCursor);
      const second = await library.search({}, { limit: 2, cursor: first.nextCursor! });
      assert.equal(second.cases.length, 1);
      assert.equal(second.nextCursor, null);
      const all = [...first.cases, ...second.cases].map((c) => c.id);
      assert.equal(new Set(all).size, 3, 'no case twice across pages');
    });
  });
}
