import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import { createCallStore } from '../../src/cases/calls.ts';
import { Agent } from './agent.ts';
import { CASE_FORM, openCall } from './cases.ts';

export const PASSWORD = 'review password 1';

export async function person(
  app: FastifyInstance,
  email: string,
  name: string,
  roles: ('admin' | 'reviewer')[] = [],
) {
  await app.services.identity.addUser({ email, name, roles, password: PASSWORD });
  const agent = new Agent(app);
  await agent.post('/en/sign-in', { email, password: PASSWORD }, { from: '/en/sign-in' });
  return agent;
}

export async function reviewer(app: FastifyInstance, email: string, name: string, organisation: string) {
  const agent = await person(app, email, name, ['reviewer']);
  const saved = await agent.post(
    '/en/review/profile',
    {
      expertise: ['transparency-explainability', 'fairness-non-discrimination'],
      region: 'asia-pacific',
      languages: ['en', 'ko'],
      organisation,
      max_load: '5',
    },
    { from: '/en/review/profile' },
  );
  assert.equal(saved.statusCode, 303);
  return agent;
}

/** Two submitted cases, four reviewers (one from the first case's organisation), an admin. */
export async function setUpReview(app: FastifyInstance, caseOverrides: Record<string, string> = {}) {
  const call = await openCall(app);
  const submitterA = await person(app, 'a@velmora.example', 'Sub A');
  const a = await submitterA.post(
    '/en/calls/practice-2027/submissions/new',
    { ...CASE_FORM, ...caseOverrides, intent: 'submit' },
    { from: '/en/calls/practice-2027/submissions/new' },
  );
  const submitterB = await person(app, 'b@kestrel.example', 'Sub B');
  const b = await submitterB.post(
    '/en/calls/practice-2027/submissions/new',
    {
      ...CASE_FORM,
      title: '윤리 위원회 운영 사례',
      summary: '인공지능 윤리 위원회를 운영한 경험입니다.',
      organisation: 'Kestrel Mutual (fictional)',
      language: 'ko',
      intent: 'submit',
    },
    { from: '/en/calls/practice-2027/submissions/new' },
  );
  const idOf = (r: { headers: Record<string, unknown> }) =>
    String(r.headers.location).split('/').pop()!.split('?')[0]!;
  const reviewers = {
    r1: await reviewer(app, 'r1@uni.example', 'Rev One', 'University One'),
    r2: await reviewer(app, 'r2@uni2.example', 'Rev Two', 'University Two'),
    r3: await reviewer(app, 'r3@ngo.example', 'Rev Three', 'NGO Three'),
    insider: await reviewer(app, 'insider@velmora.example', 'Rev Insider', 'City of Velmora (fictional)'),
  };
  const admin = await person(app, 'admin@example.org', 'Ada Admin', ['admin']);
  const calls = createCallStore(app.services.database.db);
  await calls.advance(call.id, 'review');
  return { call, a: idOf(a), b: idOf(b), submitterA, reviewers, admin, calls };
}

/** Assigns, has Rev One review case a, selects a, declines b and releases the decisions (a is published). */
export async function releaseDecisions(setup: Awaited<ReturnType<typeof setUpReview>>) {
  const { call, a, b, reviewers, admin, calls } = setup;
  const base = `/en/admin/calls/${call.id}/review`;
  await admin.post(`${base}/assign`, {}, { from: base });
  const reviewed = await reviewers.r1.post(
    `/en/review/${a}`,
    {
      score_impact: '5',
      score_transferability: '5',
      recommendation: 'select',
      comments_to_authors: 'A model for other cities.',
      intent: 'submit',
    },
    { from: `/en/review/${a}` },
  );
  assert.equal(reviewed.statusCode, 303);
  await admin.post(`${base}/decide`, { submission: a, decision: 'selected' }, { from: base });
  await admin.post(`${base}/decide`, { submission: b, decision: 'declined' }, { from: base });
  await calls.advance(call.id, 'decision');
  const released = await admin.post(`${base}/release`, {}, { from: base });
  assert.match(String(released.headers.location), /done=released/);
}
