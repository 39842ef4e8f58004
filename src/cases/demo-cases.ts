import type { FastifyInstance } from 'fastify';
import { readCallForm } from './call-form.ts';
import { readSubmissionFields } from './submission-fields.ts';

/** A complete call, as the admin form would submit it (dates relative to now). */
function callForm(slug: string, title: string, titleKo: string, opens: Date, closes: Date) {
  const local = (d: Date) => d.toISOString().slice(0, 16);
  return {
    slug,
    title_en: title,
    title_ko: titleKo,
    description_en:
      'A fictional demonstration call: governments, companies, startups, universities and civil society share how they put the Recommendation on the Ethics of AI into practice.',
    description_ko:
      '시연용 가상 공모입니다. 정부, 기업, 스타트업, 대학, 시민사회가 인공지능 윤리 권고를 어떻게 실천하는지 공유합니다.',
    guidance_en:
      'Describe what you did, how, what changed, and what others can learn. Everything in this demo is fictional.',
    faq_en: 'Who can submit?\nAnyone, from any country.\n\nIs this real?\nNo: this call is demo data.',
    opens_at: local(opens),
    closes_at: local(closes),
    time_zone: 'UTC',
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
    criterion_0_label_en: 'Impact on people',
    criterion_0_label_ko: '사람에게 미친 영향',
    criterion_0_scale: '5',
    criterion_0_weight: '2',
    criterion_0_required: 'yes',
    criterion_1_label_en: 'Evidence',
    criterion_1_label_ko: '근거',
    criterion_1_scale: '5',
    criterion_1_weight: '1',
    criterion_1_required: 'yes',
    criterion_2_label_en: 'Transferability',
    criterion_2_label_ko: '확산 가능성',
    criterion_2_scale: '5',
    criterion_2_weight: '1',
    reviewers_per_case: '3',
    blind_mode: 'single',
    summary_word_limit: '150',
  };
}

const CASES = [
  {
    title: 'An algorithm register for Velmora (fictional)',
    summary:
      'A fictional city publishes a plain-language register of every algorithm used in decisions about residents, with a contact point for questions and appeals.',
    practice_type: 'governance-framework',
    stakeholder_type: 'government',
    organisation: 'City of Velmora (fictional)',
    country: 'KR',
    sector: 'public-administration',
    principles: ['transparency-explainability', 'responsibility-accountability'],
    decision: 'selected',
  },
  {
    title: 'Bias checks for a fictional triage model',
    summary:
      'A fictional hospital network tests its triage-support model for unequal error rates before and after deployment, and publishes the results to patients.',
    practice_type: 'tool-application',
    stakeholder_type: 'private-sector',
    organisation: 'Kestrel Bay Health (fictional)',
    country: 'KE',
    sector: 'health',
    principles: ['fairness-non-discrimination', 'human-oversight'],
    decision: 'shortlisted',
  },
  {
    title: '다중 이해관계자 데이터 협의체 (가상 사례)',
    summary:
      '가상의 도시에서 시민, 기업, 대학이 함께 공공 데이터 활용 원칙을 정하고 매년 공개 보고서를 냅니다.',
    practice_type: 'multistakeholder-collaboration',
    stakeholder_type: 'civil-society',
    organisation: '가상 시민 데이터 협의체',
    country: 'KR',
    sector: 'public-administration',
    principles: ['multistakeholder-governance', 'privacy-data-protection'],
    decision: 'declined',
    language: 'ko',
  },
];

const SECTIONS = {
  what: 'This fictional practice is demo data for walking through the platform.',
  how: 'A small team wrote a template, trained staff and published the first entries within six months.',
  results:
    'People asked better questions and the team answered them faster; an internal audit found two systems to retire.',
  challenges: 'Vendors were slow to share documentation, and plain language took several drafts.',
  adoption: 'Start with one department and a short template; publish early and improve in public.',
};

/**
 * Demo data for the practice-case call: a past call with reviewed, decided and published cases, and an
 * open call anyone can submit to. Idempotent: it does nothing once the demo calls exist.
 */
export async function seedDemoCases(
  app: FastifyInstance,
  people: { admin: string; reviewers: string[]; submitter: string },
): Promise<string[]> {
  const { calls, submissions, reviews, decisions } = app.services;
  if (await calls.bySlug('demo-practice-2026')) return [];
  const day = 24 * 3600_000;
  const past = await calls.create(
    readCallForm(
      callForm(
        'demo-practice-2026',
        'AI ethics in practice 2026 (demo)',
        '2026 인공지능 윤리 실천 사례 (시연)',
        new Date(Date.now() - 90 * day),
        new Date(Date.now() + 30 * day),
      ),
    ).input!,
  );
  await calls.advance(past.id, 'open');
  const open = await calls.create(
    readCallForm(
      callForm(
        'demo-practice-2027',
        'AI ethics in practice 2027 (demo)',
        '2027 인공지능 윤리 실천 사례 (시연)',
        new Date(Date.now() - day),
        new Date(Date.now() + 120 * day),
      ),
    ).input!,
  );
  await calls.advance(open.id, 'open');

  for (const [i, reviewerId] of people.reviewers.entries()) {
    await reviews.saveProfile(reviewerId, {
      expertise: [
        ['transparency-explainability', 'responsibility-accountability'],
        ['fairness-non-discrimination', 'human-oversight'],
        ['multistakeholder-governance', 'privacy-data-protection'],
      ][i % 3]!,
      region: ['asia-pacific', 'africa', 'europe-north-america'][i % 3]!,
      languages: ['en', 'ko'],
      organisation: `Demo University ${i + 1} (fictional)`,
      maxLoad: 10,
    });
  }
  const ids: string[] = [];
  for (const item of CASES) {
    const fields = readSubmissionFields({
      ...item,
      ...SECTIONS,
      language: item.language ?? 'en',
      lifecycle_stage: 'deployment',
      values: ['human-rights-dignity'],
      policy_areas: ['ethical-governance'],
      consent_publish: 'yes',
      links: '',
    });
    const id = await submissions.create(past.id, people.submitter, fields);
    await submissions.submit(id);
    ids.push(id);
  }
  await calls.advance(past.id, 'review');
  await reviews.autoAssign((await calls.byId(past.id))!, people.admin);
  const call = (await calls.byId(past.id))!;
  for (const [i, id] of ids.entries()) {
    for (const reviewerId of people.reviewers) {
      if (!(await reviews.canReview(id, reviewerId))) continue;
      const high = CASES[i]!.decision === 'selected';
      await reviews.saveReview(
        id,
        reviewerId,
        {
          scores: Object.fromEntries(
            call.rubric.map((c) => [c.id, high ? 5 : CASES[i]!.decision === 'shortlisted' ? 4 : 2]),
          ),
          recommendation: high ? 'select' : CASES[i]!.decision === 'shortlisted' ? 'shortlist' : 'decline',
          commentsToAuthors: high
            ? 'A clear, well-evidenced practice others can copy.'
            : 'Promising; more evidence of results would help.',
          confidentialComments: '',
        },
        true,
      );
    }
    await decisions.record(id, CASES[i]!.decision as 'selected' | 'shortlisted' | 'declined');
  }
  await calls.advance(past.id, 'decision');
  await decisions.release((await calls.byId(past.id))!);
  return ids;
}
