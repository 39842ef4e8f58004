import type { FastifyInstance } from 'fastify';
import { seedDemoCases } from './cases/demo-cases.ts';
import { seedDemoCommunity } from './community/demo-community.ts';
import type { Exercise } from './courses/package/types.ts';
import { seedDemoPeerReview } from './peer-review/demo-peer-review.ts';
import { newToken } from './platform/ids.ts';
import type { Role } from './platform/views/page-context.ts';
import { seedDemoTransparency } from './transparency/demo-transparency.ts';

/** Clearly fictional people, so anyone can walk every screen of a fresh instance. */
const PEOPLE: {
  email: string;
  name: string;
  roles: Role[];
  locale: 'en' | 'ko';
  country: string;
  about: string;
}[] = [
  {
    email: 'admin@demo.praxis.invalid',
    name: 'Ada Admin (demo)',
    roles: ['admin'],
    locale: 'en',
    country: 'FR',
    about: 'runs the platform: users, roles, course versions',
  },
  {
    email: 'author@demo.praxis.invalid',
    name: 'Arun Author (demo)',
    roles: ['author'],
    locale: 'en',
    country: 'IN',
    about: 'previews unpublished course versions',
  },
  {
    email: 'reviewer@demo.praxis.invalid',
    name: 'Rina Reviewer (demo)',
    roles: ['reviewer'],
    locale: 'ko',
    country: 'KR',
    about: 'expert reviewer with assigned, reviewed cases',
  },
  {
    email: 'moderator@demo.praxis.invalid',
    name: 'Mo Moderator (demo)',
    roles: ['moderator'],
    locale: 'en',
    country: 'KE',
    about:
      'moderates discussions at /moderation: reviews reports, hides and restores posts, approves held posts, locks threads, suspends accounts; every action in the audit log',
  },
  {
    email: 'learner@demo.praxis.invalid',
    name: 'Lena Learner (demo)',
    roles: [],
    locale: 'ko',
    country: 'BR',
    about: 'enrolled in the flagship course, partway through module 1',
  },
  {
    email: 'reviewer2@demo.praxis.invalid',
    name: 'Kofi Reviewer (demo)',
    roles: ['reviewer'],
    locale: 'en',
    country: 'GH',
    about: 'expert reviewer in the advisory group',
  },
  {
    email: 'reviewer3@demo.praxis.invalid',
    name: 'Elena Reviewer (demo)',
    roles: ['reviewer'],
    locale: 'en',
    country: 'ES',
    about: 'expert reviewer in the advisory group',
  },
  {
    email: 'submitter@demo.praxis.invalid',
    name: 'Sami Submitter (demo)',
    roles: [],
    locale: 'en',
    country: 'KR',
    about: 'submitted three practice cases: one selected and published, one shortlisted, one declined',
  },
  {
    email: 'graduate@demo.praxis.invalid',
    name: 'Gabriel Graduate (demo)',
    roles: [],
    locale: 'en',
    country: 'GH',
    about: 'has completed the flagship course',
  },
];

const FLAGSHIP = 'ethics-of-ai-in-practice';

/** The form a learner would post to answer `exercise` correctly. */
export function correctForm(exercise: Exercise): Record<string, unknown> {
  const options = exercise.options ?? [];
  switch (exercise.type) {
    case 'single':
    case 'multiple':
      return { option: options.filter((o) => o.correct).map((o) => o.id) };
    case 'truefalse':
      return { value: String(exercise.answer) };
    case 'ordering':
      return Object.fromEntries(options.map((o, i) => [`position-${o.id}`, String(i + 1)]));
    case 'text':
      return { value: exercise.answers?.en?.[0] ?? '' };
    default:
      return { value: String(exercise.answer) };
  }
}

/**
 * Fills an instance with demo accounts and their study: one learner partway through the flagship
 * course and one who finished it. Existing demo accounts are left as they are, so it can run twice.
 */
export async function seedDemo(app: FastifyInstance): Promise<string> {
  const { identity, courses, learning } = app.services;
  const password = `demo-${newToken().slice(0, 10)}`;
  const course = await courses.version(FLAGSHIP);
  const lines: string[] = [];
  for (const person of PEOPLE) {
    const existing = await identity.findByEmail(person.email);
    const id = existing ? existing.id : (await identity.addUser({ ...person, password })).id;
    lines.push(
      `${person.email.padEnd(32)} ${existing ? '(already existed; password unchanged)' : password}  ${person.roles.join(', ') || 'learner'}: ${person.about}`,
    );
    if (existing || !course) continue;
    if (person.email.startsWith('learner@')) {
      await learning.enroll(id, FLAGSHIP);
      const firstModule = course.pkg.modules[0]!;
      const [first, second] = firstModule.units;
      for (const exercise of first?.exercises ?? []) {
        if (exercise.type !== 'reflection')
          await learning.answer(id, course, first!, exercise, correctForm(exercise), newToken());
      }
      await learning.completeUnit(id, course, first!.id);
      if (second) await learning.recordVisit(id, FLAGSHIP, second.id);
    }
    if (person.email.startsWith('graduate@')) {
      await learning.enroll(id, FLAGSHIP);
      for (const unit of course.pkg.modules.flatMap((m) => m.units)) {
        for (const exercise of unit.exercises) {
          if (exercise.type === 'reflection') {
            await learning.saveReflection(
              id,
              FLAGSHIP,
              exercise.id,
              'A demo reflection: I will run an ethical impact assessment before we deploy.',
            );
          } else {
            await learning.answer(id, course, unit, exercise, correctForm(exercise), newToken());
          }
        }
        await learning.completeUnit(id, course, unit.id);
      }
    }
  }
  const id = async (email: string) => (await identity.findByEmail(email))!.id;
  const cases = await seedDemoCases(app, {
    admin: await id('admin@demo.praxis.invalid'),
    reviewers: [
      await id('reviewer@demo.praxis.invalid'),
      await id('reviewer2@demo.praxis.invalid'),
      await id('reviewer3@demo.praxis.invalid'),
    ],
    submitter: await id('submitter@demo.praxis.invalid'),
  });
  await seedDemoCommunity(app, {
    learner: await id('learner@demo.praxis.invalid'),
    graduate: await id('graduate@demo.praxis.invalid'),
    moderator: await id('moderator@demo.praxis.invalid'),
    submitter: await id('submitter@demo.praxis.invalid'),
  });
  lines.push(
    ...(await seedDemoPeerReview(app, {
      password,
      learner: await id('learner@demo.praxis.invalid'),
      graduate: await id('graduate@demo.praxis.invalid'),
    })),
  );
  if (cases.length)
    lines.push(
      '',
      'Calls: a past call with reviewed, decided and published cases, and an open call to submit to.',
    );
  await seedDemoTransparency(app);
  return `Demo accounts (all fictional; password shown once):\n${lines.join('\n')}\n`;
}
