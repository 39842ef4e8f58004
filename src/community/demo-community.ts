import type { FastifyInstance } from 'fastify';
import { caseTarget, type DiscussionTarget, unitTarget, type Viewer } from './community.ts';

const FLAGSHIP = 'ethics-of-ai-in-practice';
const MOD_REASON = { code: 'off-topic', note: 'Demo: an advert unrelated to the case.' };

/**
 * Demo discussions: threads, replies and upvotes on two flagship units and on a published demo case,
 * one report waiting in the moderation queue, one post hidden by the moderator and one held for
 * approval. Does nothing when the flagship unit already has threads, so it can run twice.
 */
export async function seedDemoCommunity(
  app: FastifyInstance,
  people: { learner: string; graduate: string; moderator: string; submitter: string },
): Promise<boolean> {
  const { community, courses, library } = app.services;
  const course = await courses.version(FLAGSHIP);
  const units = course?.pkg.modules[0]?.units ?? [];
  const [first, second] = units;
  const cases = (await library.search({}, { limit: 1 })).cases;
  if (!first || !cases[0]) return false;
  const unit = unitTarget(FLAGSHIP, first.id);
  const existing = await community.listThreads(unit, {
    sort: 'newest',
    language: null,
    page: 1,
    viewer: null,
  });
  if (existing.total > 0) return false;

  // Seeded as if already checked: demo accounts are new, and new accounts' links would be held.
  const as = (id: string): Viewer => ({ id, moderator: true });
  const thread = async (
    author: string,
    target: DiscussionTarget,
    title: string,
    body: string,
    language = 'en',
  ) => {
    const result = await community.createThread(as(author), target, { title, body, language });
    if (!result.ok) throw new Error(`demo thread refused: ${JSON.stringify(result.errors)}`);
    return { thread: (await community.thread(result.threadId))!, postId: result.postId };
  };
  const reply = async (author: string, on: { thread: { id: string } }, body: string, language = 'en') => {
    const t = (await community.thread(on.thread.id))!;
    const result = await community.reply(as(author), t, { body, language });
    if (!result.ok) throw new Error(`demo reply refused: ${JSON.stringify(result.errors)}`);
    return result.postId;
  };

  const assessment = await thread(
    people.graduate,
    unit,
    'Running an ethical impact assessment in a small team',
    'We are five people. Which parts of an **ethical impact assessment** would you do first?\n\n- who is affected\n- what could go wrong\n- who decides',
  );
  const answer = await reply(
    people.learner,
    assessment,
    '저는 영향을 받는 사람들을 먼저 정리하겠습니다. 그다음에 위험을 적어 보면 좋겠어요.',
    'ko',
  );
  await reply(
    people.graduate,
    assessment,
    'Thanks: starting with the people affected makes sense to me too.',
  );
  await community.vote(people.learner, assessment.postId, true);
  await community.vote(people.graduate, answer, true);

  await thread(
    people.learner,
    unit,
    '투명성과 설명 가능성의 차이',
    '투명성과 설명 가능성은 어떻게 다른가요? 예를 들어 주실 수 있나요?',
    'ko',
  );
  if (second) {
    await thread(
      people.graduate,
      unitTarget(FLAGSHIP, second.id),
      'A question about proportionality',
      'When is a system "proportionate" to its aim? I would love examples from public services.',
    );
  }

  const caseDiscussion = await thread(
    people.graduate,
    caseTarget(cases[0].id),
    'Could a small town copy this?',
    'The register looks useful. Would it work for a town without a data team?',
  );
  await reply(people.submitter, caseDiscussion, 'Yes: start with one department and a shared template.');
  await community.vote(people.submitter, caseDiscussion.postId, true);
  const advert = await reply(
    people.submitter,
    caseDiscussion,
    'Buy cheap followers for your project page today!',
  );
  await community.hide(people.moderator, advert, MOD_REASON);
  // A new account's post with a link waits for the moderator (the learner's third post: within the limit).
  await community.reply({ id: people.learner, moderator: false }, caseDiscussion.thread, {
    body: 'There is a longer write-up at https://example.org/register-guide (demo link).',
    language: 'en',
  });
  const reported = await reply(
    people.learner,
    caseDiscussion,
    'This whole idea is pointless and so is everyone who works on it.',
  );
  await community.report(people.graduate, reported, 'harassment', 'Demo: an insult aimed at the authors.');
  return true;
}
