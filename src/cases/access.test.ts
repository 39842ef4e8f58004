import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { Agent } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { CASE_FORM, openCall } from '../../test/support/cases.ts';
import { engines } from '../../test/support/engines.ts';

const PASSWORD = 'access password 1';
const ROLES = ['visitor', 'submitter', 'coauthor', 'other', 'reviewer', 'conflicted', 'admin'] as const;
type Who = (typeof ROLES)[number];

/** What each role gets: 'ok' (2xx or a redirect after success), 'login' (sent to sign in), 'no' (403 or 404). */
type Outcome = 'ok' | 'login' | 'no';

function outcome(status: number, location: string | undefined): Outcome {
  if (status === 303 && location?.includes('/sign-in')) return 'login';
  if (status === 401) return 'login';
  if (status === 403 || status === 404) return 'no';
  if (status < 400) return 'ok';
  throw new Error(`unexpected status ${status}`);
}

async function agentFor(app: FastifyInstance, email: string, roles: ('admin' | 'reviewer')[] = []) {
  await app.services.identity.addUser({ email, name: email.split('@')[0]!, roles, password: PASSWORD });
  const agent = new Agent(app);
  await agent.post('/en/sign-in', { email, password: PASSWORD }, { from: '/en/sign-in' });
  return agent;
}

for (const engine of engines()) {
  describe(`case access for every role on ${engine}`, () => {
    test('every case route answers each role as the policy says', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const call = await openCall(app);
      const agents: Record<Who, Agent> = {
        visitor: new Agent(app),
        submitter: await agentFor(app, 'owner@velmora.example'),
        coauthor: await agentFor(app, 'co@partner.example'),
        other: await agentFor(app, 'other@elsewhere.example'),
        reviewer: await agentFor(app, 'reviewer@uni.example', ['reviewer']),
        conflicted: await agentFor(app, 'insider@velmora.example', ['reviewer']),
        admin: await agentFor(app, 'admin@example.org', ['admin']),
      };
      const created = await agents.submitter.post(
        '/en/calls/practice-2027/submissions/new',
        { ...CASE_FORM, coauthors: 'co@partner.example', intent: 'submit' },
        { from: '/en/calls/practice-2027/submissions/new' },
      );
      const id = String(created.headers.location).split('/').pop()!.split('?')[0]!;
      const { reviews } = app.services;
      for (const email of ['reviewer@uni.example', 'insider@velmora.example']) {
        const user = (await app.services.identity.findByEmail(email))!;
        await reviews.saveProfile(user.id, {
          expertise: ['transparency-explainability'],
          region: 'asia-pacific',
          languages: ['en'],
          organisation: email.includes('velmora') ? 'City of Velmora (fictional)' : 'Uni',
          maxLoad: 5,
        });
      }
      await app.services.calls.advance(call.id, 'review');
      await reviews.autoAssign((await app.services.calls.byId(call.id))!, 'test');
      // The conflicted reviewer was also assigned by hand before the conflict was found: still nothing.
      const insider = (await app.services.identity.findByEmail('insider@velmora.example'))!;
      await reviews.assign(id, insider.id, 'test');

      const routes: {
        label: string;
        method: 'GET' | 'POST';
        path: string;
        body?: Record<string, string | string[]>;
        expect: Record<Who, Outcome>;
      }[] = [
        {
          label: 'public call page',
          method: 'GET',
          path: '/en/calls/practice-2027',
          expect: {
            visitor: 'ok',
            submitter: 'ok',
            coauthor: 'ok',
            other: 'ok',
            reviewer: 'ok',
            conflicted: 'ok',
            admin: 'ok',
          },
        },
        {
          label: 'view submission',
          method: 'GET',
          path: `/en/submissions/${id}`,
          expect: {
            visitor: 'login',
            submitter: 'ok',
            coauthor: 'ok',
            other: 'no',
            reviewer: 'no',
            conflicted: 'no',
            admin: 'ok',
          },
        },
        // The call is in review: nobody edits, and the owner cannot withdraw any more.
        {
          label: 'edit submission',
          method: 'POST',
          path: `/en/submissions/${id}`,
          body: { ...CASE_FORM, intent: 'save' },
          expect: {
            visitor: 'login',
            submitter: 'no',
            coauthor: 'no',
            other: 'no',
            reviewer: 'no',
            conflicted: 'no',
            admin: 'no',
          },
        },
        {
          label: 'withdraw',
          method: 'POST',
          path: `/en/submissions/${id}/withdraw`,
          body: { reason: 'x' },
          expect: {
            visitor: 'login',
            submitter: 'no',
            coauthor: 'no',
            other: 'no',
            reviewer: 'no',
            conflicted: 'no',
            admin: 'no',
          },
        },
        {
          label: 'review page',
          method: 'GET',
          path: `/en/review/${id}`,
          expect: {
            visitor: 'login',
            submitter: 'no',
            coauthor: 'no',
            other: 'no',
            reviewer: 'ok',
            conflicted: 'no',
            admin: 'no',
          },
        },
        {
          label: 'submit review',
          method: 'POST',
          path: `/en/review/${id}`,
          body: { recommendation: 'select', comments_to_authors: 'Fine.', intent: 'save' },
          expect: {
            visitor: 'login',
            submitter: 'no',
            coauthor: 'no',
            other: 'no',
            reviewer: 'ok',
            conflicted: 'no',
            admin: 'no',
          },
        },
        {
          label: 'discussion',
          method: 'POST',
          path: `/en/review/${id}/discussion`,
          body: { body: 'A thought.' },
          expect: {
            visitor: 'login',
            submitter: 'no',
            coauthor: 'no',
            other: 'no',
            reviewer: 'ok',
            conflicted: 'no',
            admin: 'no',
          },
        },
        {
          label: 'reviewer home',
          method: 'GET',
          path: '/en/review',
          expect: {
            visitor: 'login',
            submitter: 'no',
            coauthor: 'no',
            other: 'no',
            reviewer: 'ok',
            conflicted: 'ok',
            admin: 'no',
          },
        },
        {
          label: 'admin calls',
          method: 'GET',
          path: '/en/admin/calls',
          expect: {
            visitor: 'login',
            submitter: 'no',
            coauthor: 'no',
            other: 'no',
            reviewer: 'no',
            conflicted: 'no',
            admin: 'ok',
          },
        },
        {
          label: 'admin review',
          method: 'GET',
          path: `/en/admin/calls/${call.id}/review`,
          expect: {
            visitor: 'login',
            submitter: 'no',
            coauthor: 'no',
            other: 'no',
            reviewer: 'no',
            conflicted: 'no',
            admin: 'ok',
          },
        },
        {
          label: 'record decision',
          method: 'POST',
          path: `/en/admin/calls/${call.id}/review/decide`,
          body: { submission: id, decision: 'shortlisted' },
          expect: {
            visitor: 'login',
            submitter: 'no',
            coauthor: 'no',
            other: 'no',
            reviewer: 'no',
            conflicted: 'no',
            admin: 'ok',
          },
        },
        {
          label: 'run assignment',
          method: 'POST',
          path: `/en/admin/calls/${call.id}/review/assign`,
          expect: {
            visitor: 'login',
            submitter: 'no',
            coauthor: 'no',
            other: 'no',
            reviewer: 'no',
            conflicted: 'no',
            admin: 'ok',
          },
        },
      ];
      const failures: string[] = [];
      for (const route of routes) {
        for (const who of ROLES) {
          const agent = agents[who];
          const response =
            route.method === 'GET'
              ? await agent.get(route.path)
              : await agent.post(route.path, route.body ?? {}, {
                  from: who === 'visitor' ? '/en/sign-in' : '/en/account',
                });
          const got = outcome(response.statusCode, response.headers.location as string | undefined);
          // Visitors posting get the login page as 401 (no redirect for a POST).
          if (got !== route.expect[who])
            failures.push(
              `${route.label} as ${who}: expected ${route.expect[who]}, got ${got} (${response.statusCode})`,
            );
        }
      }
      assert.deepEqual(failures, []);

      // And what the submitter never learns: who reviewed.
      const page = await agents.submitter.get(`/en/submissions/${id}`);
      assert.doesNotMatch(page.body, /reviewer@uni\.example|>reviewer</);
    });
  });
}
