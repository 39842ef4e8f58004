import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { notFound } from '../platform/http/errors.ts';
import { list, text } from '../platform/http/form-body.ts';
import type { Mailer } from '../platform/mail/mailer.ts';
import { authorize, can } from '../platform/policy.ts';
import { checkUpload, type FileStorage, UploadError } from '../platform/storage/storage.ts';
import type { FieldErrors } from '../platform/views/form.tsx';
import { sendPage } from '../platform/views/render.ts';
import { acceptsSubmissions, type Call, type CallStore } from './calls.ts';
import type { ReviewStore } from './review-store.ts';
import { readSubmissionFields, type SubmissionFields, validateSubmission } from './submission-fields.ts';
import { coauthorInviteMail, submittedMail } from './submission-mail.ts';
import type { Submission, SubmissionStore } from './submissions.ts';
import { MySubmissionsPage, SubmissionPage } from './views/submission-page.tsx';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const ALLOWED_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;

interface Options {
  calls: CallStore;
  submissions: SubmissionStore;
  /** The advisory group, for conflicts the submitter declares. */
  reviews: Pick<ReviewStore, 'group' | 'declaredBySubmitter' | 'setSubmitterConflicts' | 'detectConflicts'>;
  storage: FileStorage;
  mailer: Mailer;
  publicUrl: string;
  /** The owner's name and language, for mail. */
  userById(id: string): Promise<{ name: string; email: string; locale: string } | undefined>;
}

const NOTICES: Record<string, string> = {
  saved: 'submissions.notices.saved',
  submitted: 'submissions.notices.submitted',
  uploaded: 'submissions.notices.uploaded',
  removed: 'submissions.notices.removed',
  withdrawn: 'submissions.notices.withdrawn',
};

function emptyFields(call: Call, locale: string): SubmissionFields {
  return {
    language: call.languages.includes(locale) ? locale : (call.languages[0] ?? 'en'),
    title: '',
    summary: '',
    practiceType: '',
    stakeholderType: '',
    organisation: '',
    country: '',
    sector: '',
    lifecycleStage: '',
    values: [],
    principles: [],
    policyAreas: [],
    what: '',
    how: '',
    results: '',
    challenges: '',
    adoption: '',
    links: [],
    coauthors: [],
    consentPublish: false,
  };
}

export function registerSubmissionRoutes(app: FastifyInstance, options: Options) {
  const { calls, submissions, reviews, storage, mailer, publicUrl, userById } = options;

  async function load(request: FastifyRequest): Promise<{ submission: Submission; call: Call }> {
    const submission = await submissions.get((request.params as { id: string }).id);
    if (!submission) throw notFound();
    const call = (await calls.byId(submission.callId))!;
    return { submission, call };
  }

  async function page(
    request: FastifyRequest,
    reply: FastifyReply,
    state: {
      call: Call;
      submission?: Submission;
      fields: SubmissionFields;
      errors?: FieldErrors;
      notice?: string;
      fileError?: string;
    },
    status = 200,
  ) {
    const user = request.user!;
    const editable = state.submission
      ? can(user, 'submissions.edit', { submission: state.submission, call: state.call })
      : true;
    const owner = !state.submission || state.submission.ownerId === user.id;
    // Membership of the advisory group is public; only the owner declares conflicts with its members.
    const group = owner
      ? (await reviews.group()).map((g) => ({ id: g.userId, name: g.name, organisation: g.organisation }))
      : [];
    const declared = state.submission ? await reviews.declaredBySubmitter(state.submission.id) : [];
    return sendPage(
      reply,
      SubmissionPage({ c: reply.pageContext(), errors: {}, ...state, editable, owner, group, declared }),
      status,
    );
  }

  /** Saves, and submits when asked and complete. A failed submit still keeps everything typed, as a draft. */
  async function save(request: FastifyRequest, reply: FastifyReply, call: Call, existing?: Submission) {
    const user = request.user!;
    const fields = readSubmissionFields(request.body);
    const intent = text(request.body, 'intent') === 'submit' ? 'submit' : 'save';
    // Only the owner submits: a co-author's "submit" changes nothing, not even the draft.
    if (intent === 'submit' && existing)
      authorize(user, 'submissions.submit', { submission: existing, call });
    // Only the owner edits the co-author list.
    if (existing && existing.ownerId !== user.id) fields.coauthors = existing.coauthors;
    const draftErrors = validateSubmission(fields, call, 'draft');
    const wantsJson = String(request.headers.accept ?? '').includes('application/json');
    if (Object.keys(draftErrors).length) {
      if (wantsJson) return reply.code(422).send({ saved: false });
      return page(request, reply, { call, submission: existing, fields, errors: draftErrors }, 422);
    }
    let id = existing?.id;
    let added: string[] = fields.coauthors;
    if (id) added = await submissions.update(id, fields);
    else id = await submissions.create(call.id, user.id, fields);
    if (!existing || existing.ownerId === user.id)
      await reviews.setSubmitterConflicts(id, list(request.body, 'conflicts'));
    for (const email of added) {
      await mailer.send(
        coauthorInviteMail(
          email,
          fields.language,
          user.name,
          fields.title,
          `${publicUrl}/${fields.language}/submissions/${id}`,
        ),
      );
    }
    if (wantsJson) return reply.send({ saved: true, at: new Date().toISOString() });

    const saved = (await submissions.get(id))!;
    if (intent === 'submit') {
      authorize(user, 'submissions.submit', { submission: saved, call });
      const errors = validateSubmission(fields, call, 'submit');
      if (Object.keys(errors).length)
        return page(request, reply, { call, submission: saved, fields, errors }, 422);
      const first = saved.status === 'draft';
      await submissions.submit(id);
      // Conflicts are known from the moment a case is in, before anyone is assigned to it.
      await reviews.detectConflicts(call.id, id);
      if (first) {
        const owner = (await userById(saved.ownerId))!;
        await mailer.send(
          submittedMail(owner, call.title, saved, `${publicUrl}/${owner.locale}/submissions/${id}`),
        );
      }
      return reply.redirect(`/${request.locale}/submissions/${id}?done=submitted`, 303);
    }
    return reply.redirect(`/${request.locale}/submissions/${id}?done=saved`, 303);
  }

  app.get('/:locale/calls/:slug/submissions/new', async (request, reply) => {
    authorize(request.user, 'submissions.create');
    const call = await calls.bySlug((request.params as { slug: string }).slug);
    if (!call || !acceptsSubmissions(call)) throw notFound();
    return page(request, reply, { call, fields: emptyFields(call, request.locale) });
  });

  app.post('/:locale/calls/:slug/submissions/new', async (request, reply) => {
    authorize(request.user, 'submissions.create');
    const call = await calls.bySlug((request.params as { slug: string }).slug);
    if (!call || !acceptsSubmissions(call)) throw notFound();
    return save(request, reply, call);
  });

  app.get('/:locale/submissions', async (request, reply) => {
    authorize(request.user, 'submissions.create');
    return sendPage(
      reply,
      MySubmissionsPage({ c: reply.pageContext(), submissions: await submissions.forAuthor(request.user) }),
    );
  });

  app.get('/:locale/submissions/:id', async (request, reply) => {
    const { submission, call } = await load(request);
    authorize(request.user, 'submissions.view', submission);
    const notice = NOTICES[(request.query as { done?: string }).done ?? ''];
    return page(request, reply, { call, submission, fields: submission, notice });
  });

  app.post('/:locale/submissions/:id', async (request, reply) => {
    const { submission, call } = await load(request);
    authorize(request.user, 'submissions.edit', { submission, call });
    return save(request, reply, call, submission);
  });

  app.post('/:locale/submissions/:id/withdraw', async (request, reply) => {
    const { submission, call } = await load(request);
    authorize(request.user, 'submissions.submit', { submission, call });
    const reason = text(request.body, 'reason').trim().slice(0, 500);
    if (!reason)
      return page(
        request,
        reply,
        { call, submission, fields: submission, errors: { reason: 'submissions.errors.reasonRequired' } },
        422,
      );
    await submissions.withdraw(submission.id, reason);
    return reply.redirect(`/${request.locale}/submissions/${submission.id}?done=withdrawn`, 303);
  });

  app.post(
    '/:locale/submissions/:id/files',
    { bodyLimit: MAX_FILE_BYTES + 64 * 1024 },
    async (request, reply) => {
      const { submission, call } = await load(request);
      authorize(request.user, 'submissions.edit', { submission, call });
      const file = (request.body as { file?: MultipartFile & { _buf?: Buffer } } | undefined)?.file;
      let fileError: string | undefined;
      try {
        if (!file || typeof file !== 'object' || !('filename' in file) || !file.filename)
          throw new UploadError('empty', 'no file');
        if (file.file?.truncated) throw new UploadError('too-large', 'over the limit');
        const bytes = await file.toBuffer();
        const type = checkUpload({
          bytes,
          filename: file.filename,
          declaredType: file.mimetype,
          maxBytes: MAX_FILE_BYTES,
          allowed: ALLOWED_TYPES,
        });
        const stored = await storage.put(bytes, type);
        if (
          !(await submissions.addFile(submission.id, {
            storageKey: stored.key,
            filename: file.filename.slice(0, 200),
            type,
            size: stored.size,
          }))
        ) {
          fileError = 'submissions.errors.tooManyFiles';
        }
      } catch (error) {
        if (!(error instanceof UploadError)) throw error;
        fileError = `submissions.errors.file.${error.code}`;
      }
      if (fileError) {
        const fresh = (await submissions.get(submission.id))!;
        return page(request, reply, { call, submission: fresh, fields: fresh, fileError }, 422);
      }
      return reply.redirect(`/${request.locale}/submissions/${submission.id}?done=uploaded#files-title`, 303);
    },
  );

  app.post('/:locale/submissions/:id/files/:fileId/delete', async (request, reply) => {
    const { submission, call } = await load(request);
    authorize(request.user, 'submissions.edit', { submission, call });
    await submissions.removeFile(submission.id, (request.params as { fileId: string }).fileId);
    return reply.redirect(`/${request.locale}/submissions/${submission.id}?done=removed#files-title`, 303);
  });

  app.get('/submissions/:id/files/:fileId', async (request, reply) => {
    const { submission } = await load(request);
    authorize(request.user, 'submissions.view', submission);
    const file = submission.files.find((f) => f.id === (request.params as { fileId: string }).fileId);
    const stream = file ? storage.stream(file.storageKey) : null;
    if (!file || !stream) throw notFound();
    return reply
      .type(file.type)
      .header('content-disposition', `attachment; filename="${file.filename.replace(/[^\w.-]+/g, '_')}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(stream);
  });
}
