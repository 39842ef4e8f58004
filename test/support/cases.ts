import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { readCallForm } from '../../src/cases/call-form.ts';
import { createCallStore } from '../../src/cases/calls.ts';

/** A complete call form, as an admin would fill it in. */
export const CALL_FORM = {
  slug: 'practice-2027',
  title_en: 'AI ethics in practice 2027',
  title_ko: '2027 인공지능 윤리 실천 사례',
  description_en: 'Tell us how you put the Recommendation into practice.',
  guidance_en: 'Describe what you did and what changed.',
  faq_en: 'Who can submit?\nAnyone, from any country.\n\nIn which language?\nEnglish or Korean.',
  opens_at: '2026-01-01T00:00',
  closes_at: '2030-12-31T23:59',
  time_zone: 'Asia/Seoul',
  practice_types: ['governance-framework', 'tool-application', 'multistakeholder-collaboration'],
  stakeholder_types: [
    'government',
    'private-sector',
    'startup',
    'academia',
    'civil-society',
    'international-organisation',
  ],
  languages: ['en', 'ko'],
  criterion_0_label_en: 'Impact',
  criterion_0_scale: '5',
  criterion_0_weight: '2',
  criterion_0_required: 'yes',
  criterion_1_label_en: 'Transferability',
  criterion_1_scale: '5',
  criterion_1_weight: '1',
  reviewers_per_case: '3',
  blind_mode: 'double',
  summary_word_limit: '150',
};

/** A complete practice case, clearly fictional. */
export const CASE_FORM = {
  language: 'en',
  title: 'Algorithm register for a city',
  summary: 'A public register of the algorithms a fictional city uses, with plain-language explanations.',
  practice_type: 'governance-framework',
  stakeholder_type: 'government',
  organisation: 'City of Velmora (fictional)',
  country: 'KR',
  sector: 'public-administration',
  lifecycle_stage: 'deployment',
  principles: ['transparency-explainability', 'responsibility-accountability'],
  values: ['human-rights-dignity'],
  policy_areas: ['ethical-governance'],
  what: 'A register of every algorithm used in decisions about residents.',
  how: 'Each department documents its systems in a shared template.',
  results: 'Residents asked fewer questions and complaints were answered faster.',
  challenges: 'Vendors were reluctant to disclose details.',
  adoption: 'Start with a template and one department.',
  links: 'https://example.org/register',
  consent_publish: 'yes',
};

/** An open call (as an admin would create it) and its slug. */
export async function openCall(app: FastifyInstance, overrides: Record<string, unknown> = {}) {
  const calls = createCallStore(app.services.database.db);
  const { input, errors } = readCallForm({ ...CALL_FORM, ...overrides });
  assert.deepEqual(errors, {});
  const call = await calls.create(input!);
  await calls.advance(call.id, 'open');
  return call;
}
