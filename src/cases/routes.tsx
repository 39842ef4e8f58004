import type { FastifyInstance } from 'fastify';
import { notFound } from '../platform/http/errors.ts';
import { text } from '../platform/http/form-body.ts';
import { authorize } from '../platform/policy.ts';
import { sendPage } from '../platform/views/render.ts';
import { callFormValues, readCallForm } from './call-form.ts';
import { type CallStore, PHASES, type Phase } from './calls.ts';
import { AdminCallForm } from './views/admin-call-form.tsx';
import { AdminCallsPage, CallPage, CallsIndexPage } from './views/call-pages.tsx';

export function registerCallRoutes(app: FastifyInstance, { calls }: { calls: CallStore }) {
  app.get('/:locale/calls', { config: { pageCache: true } }, async (_request, reply) =>
    sendPage(reply, CallsIndexPage({ c: reply.pageContext(), calls: await calls.list() })),
  );

  app.get('/:locale/calls/:slug', { config: { pageCache: true } }, async (request, reply) => {
    const call = await calls.bySlug((request.params as { slug: string }).slug);
    // Draft calls are the administrators' work in progress.
    if (!call || (call.phase === 'draft' && !request.user?.roles.has('admin'))) throw notFound();
    return sendPage(reply, CallPage({ c: reply.pageContext(), call }));
  });

  app.get('/:locale/admin/calls', async (request, reply) => {
    authorize(request.user, 'calls.manage');
    const done = (request.query as { done?: string }).done;
    const notice = done === 'saved' ? 'calls.saved' : done === 'phase' ? 'calls.phaseChanged' : undefined;
    return sendPage(
      reply,
      AdminCallsPage({ c: reply.pageContext(), calls: await calls.list({ includeDrafts: true }), notice }),
    );
  });

  app.get('/:locale/admin/calls/new', async (request, reply) => {
    authorize(request.user, 'calls.manage');
    const c = reply.pageContext();
    return sendPage(
      reply,
      AdminCallForm({
        c,
        action: c.href('/admin/calls/new'),
        title: c.t('calls.newCall'),
        values: {},
        errors: {},
      }),
    );
  });

  app.post('/:locale/admin/calls/new', async (request, reply) => {
    authorize(request.user, 'calls.manage');
    const c = reply.pageContext();
    const { input, values, errors } = readCallForm(request.body);
    if (input && (await calls.slugTaken(input.slug))) errors.slug = 'calls.errors.slugTaken';
    if (!input || Object.keys(errors).length) {
      return sendPage(
        reply,
        AdminCallForm({ c, action: c.href('/admin/calls/new'), title: c.t('calls.newCall'), values, errors }),
        422,
      );
    }
    await calls.create(input);
    return reply.redirect(`/${request.locale}/admin/calls?done=saved`, 303);
  });

  app.get('/:locale/admin/calls/:id/edit', async (request, reply) => {
    authorize(request.user, 'calls.manage');
    const call = await calls.byId((request.params as { id: string }).id);
    if (!call) throw notFound();
    const c = reply.pageContext();
    const action = c.href(`/admin/calls/${call.id}/edit`);
    return sendPage(
      reply,
      AdminCallForm({ c, action, title: c.t('calls.editCall'), values: callFormValues(call), errors: {} }),
    );
  });

  app.post('/:locale/admin/calls/:id/edit', async (request, reply) => {
    authorize(request.user, 'calls.manage');
    const call = await calls.byId((request.params as { id: string }).id);
    if (!call) throw notFound();
    const c = reply.pageContext();
    const { input, values, errors } = readCallForm(request.body);
    if (input && (await calls.slugTaken(input.slug, call.id))) errors.slug = 'calls.errors.slugTaken';
    if (!input || Object.keys(errors).length) {
      const action = c.href(`/admin/calls/${call.id}/edit`);
      return sendPage(reply, AdminCallForm({ c, action, title: c.t('calls.editCall'), values, errors }), 422);
    }
    await calls.update(call.id, input);
    return reply.redirect(`/${request.locale}/admin/calls?done=saved`, 303);
  });

  app.post('/:locale/admin/calls/:id/phase', async (request, reply) => {
    authorize(request.user, 'calls.manage');
    const to = text(request.body, 'to') as Phase;
    if (!PHASES.includes(to)) throw notFound();
    if (!(await calls.advance((request.params as { id: string }).id, to))) throw notFound();
    return reply.redirect(`/${request.locale}/admin/calls?done=phase`, 303);
  });
}
