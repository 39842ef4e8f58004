import type { FastifyInstance } from 'fastify';

/** Opt-in answers for some demo people (fictional), by email. */
const ANSWERS: Record<string, { gender: string; sector: string }> = {
  'admin@demo.praxis.invalid': { gender: 'woman', sector: 'civil-society' },
  'author@demo.praxis.invalid': { gender: 'man', sector: 'academia' },
  'reviewer@demo.praxis.invalid': { gender: 'woman', sector: 'academia' },
  'learner@demo.praxis.invalid': { gender: 'prefer-not-to-say', sector: 'student' },
  'graduate@demo.praxis.invalid': { gender: 'man', sector: 'public-sector' },
  'submitter@demo.praxis.invalid': { gender: 'non-binary', sector: 'public-sector' },
};

const STATEMENTS: Record<'en' | 'ko', Record<string, string>> = {
  en: {
    accessibility:
      'Every page was checked against **WCAG 2.2 AA** with automated tests in English, Korean and Arabic, and works without JavaScript.\n\n- Keyboard navigation and visible focus on every control\n- Data tables beside every chart',
    privacy:
      'We publish no figure about fewer than 10 people. Gender and sector are optional and can be cleared at any time on [your account page](/en/account).',
    'content-review':
      'Every course version was reviewed by an editor before publication. (This is demo text on a demo instance.)',
    'reviewer-diversity':
      'The expert advisory group of this demo has reviewers from three UNESCO regions. (Fictional.)',
  },
  ko: {
    accessibility:
      '모든 페이지를 영어, 한국어, 아랍어로 **WCAG 2.2 AA** 자동 검사를 거쳤으며, 자바스크립트 없이도 작동합니다.',
    privacy:
      '10명 미만에 관한 수치는 공개하지 않습니다. 성별과 분야는 선택 사항이며 언제든지 지울 수 있습니다.',
    'content-review': '모든 강좌 버전은 게시 전에 편집자가 검토했습니다. (데모 인스턴스의 데모 글입니다.)',
    'reviewer-diversity': '이 데모의 전문 자문단에는 유네스코 세 지역의 심사위원이 있습니다. (가상)',
  },
};

/**
 * The transparency part of the demo: opt-in gender and sector for the demo people, this year's
 * report statements in English and Korean (unless an admin already wrote some), then a roll-up.
 */
export async function seedDemoTransparency(app: FastifyInstance, now = new Date()): Promise<void> {
  const { identity, transparency } = app.services;
  const { db } = app.services.database;
  for (const [email, answer] of Object.entries(ANSWERS)) {
    const user = await identity.findByEmail(email);
    if (user && user.gender == null && user.sector == null) {
      await db.updateTable('users').set(answer).where('id', '=', user.id).execute();
    }
  }
  const year = now.getUTCFullYear();
  const admin = await identity.findByEmail('admin@demo.praxis.invalid');
  for (const locale of ['en', 'ko'] as const) {
    const existing = await transparency.sections(year, locale);
    if (Object.values(existing).some((body) => body.trim())) continue;
    await transparency.saveSections(
      year,
      locale,
      STATEMENTS[locale] as Parameters<typeof transparency.saveSections>[2],
      admin?.id ?? null,
    );
  }
  await transparency.rollup();
}
