import { join } from 'node:path';
import type { TestContext } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { CASE_FORM, openCall } from '../../test/support/cases.ts';
import { readSubmissionFields } from '../cases/submission-fields.ts';
import { readPackage } from '../courses/package/read-package.ts';
import type { Engine } from '../platform/db/engine.ts';
import { nowIso } from '../platform/ids.ts';
import type { Role } from '../platform/views/page-context.ts';
import type { CommunityOptions } from './community.ts';

/** Shared set-up of the community tests (not a test file itself). */
export const FIXTURE = join(import.meta.dirname, '../../test/fixtures/courses/fixture-course');
export const SLUG = 'fixture-course';
export const UNIT = `/en/courses/${SLUG}/units/basics-intro/discussion`;
export const PASSWORD = 'community password 1';

export async function setUp(
  t: Pick<TestContext, 'after'>,
  engine: Engine,
  options: { community?: Partial<CommunityOptions>; fileOutbox?: boolean } = {},
) {
  const testApp = await buildTestApp(t, engine, options);
  const { pkg } = await readPackage(FIXTURE);
  await testApp.app.services.courses.importPackage(pkg!, { publish: true });
  return testApp;
}

/**
 * A signed-in person. `established` accounts are two days old (past the new-account rules);
 * `enrolled` ones study the fixture course.
 */
export async function person(
  app: FastifyInstance,
  email: string,
  options: {
    name?: string;
    roles?: Role[];
    established?: boolean;
    enrolled?: boolean;
    locale?: 'en' | 'ko' | 'ar';
  } = {},
) {
  const { identity, learning, database } = app.services;
  const { id } = await identity.addUser({
    email,
    name: options.name ?? email.split('@')[0]!,
    roles: options.roles ?? [],
    password: PASSWORD,
    locale: options.locale ?? 'en',
  });
  if (options.established ?? true) {
    await database.db
      .updateTable('users')
      .set({ created_at: nowIso(new Date(Date.now() - 2 * 86_400_000)) })
      .where('id', '=', id)
      .execute();
  }
  if (options.enrolled ?? true) await learning.enroll(id, SLUG);
  const agent = new Agent(app);
  const response = await agent.post('/en/sign-in', { email, password: PASSWORD }, { from: '/en/sign-in' });
  if (response.statusCode !== 303) throw new Error(`sign-in failed for ${email}`);
  return { id, agent };
}

/** The thread id a successful post redirected to. */
export function threadIdOf(location: unknown): string {
  const match = /\/discussions\/([^/?#]+)/.exec(String(location));
  if (!match) throw new Error(`not a thread location: ${String(location)}`);
  return match[1]!;
}

/** Posts a new thread through the page's form; returns the response. */
export function startThread(
  agent: Agent,
  path: string,
  fields: { title?: string; body?: string; language?: string },
) {
  return agent.post(
    path,
    { title: 'A question', body: 'Some words.', language: 'en', ...fields },
    { from: path },
  );
}

/** A case published in the library, as a decision would publish it. */
export async function publishedCase(app: FastifyInstance, ownerId: string): Promise<string> {
  const call = await openCall(app);
  const { submissions, library } = app.services;
  const id = await submissions.create(call.id, ownerId, readSubmissionFields(CASE_FORM));
  return library.publish((await submissions.get(id))!, ['A. Author']);
}
