// A busy discussion for the benches: one thread on a unit with `replies` Markdown replies by `people`.
import { type Community, unitTarget } from '../src/community/community.ts';

export const replyBody = (i: number) =>
  `Reply ${i}: **fairness** has several definitions.\n\n- demographic parity\n- equalised odds\n\nWhich one fits a *hiring* model?`;

export async function seedThread(
  community: Community,
  target: { course: string; unit: string },
  people: string[],
  replies: number,
): Promise<string> {
  const as = (id: string) => ({ id, moderator: false });
  const started = await community.createThread(as(people[0]!), unitTarget(target.course, target.unit), {
    title: 'Which fairness definition fits hiring?',
    body: replyBody(0),
    language: 'en',
  });
  if (!started.ok) throw new Error('bench: could not start a thread');
  const thread = await community.thread(started.threadId);
  if (!thread) throw new Error('bench: the thread is missing');
  for (let i = 1; i <= replies; i++) {
    const reply = await community.reply(as(people[i % people.length]!), thread, {
      body: replyBody(i),
      language: 'en',
    });
    if (!reply.ok) throw new Error(`bench: reply ${i} refused`);
  }
  return started.threadId;
}
