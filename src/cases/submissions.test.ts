import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { crc32, deflateSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { Agent } from '../../test/support/agent.ts';
import { buildTestApp } from '../../test/support/app.ts';
import { CASE_FORM, openCall } from '../../test/support/cases.ts';
import { engines } from '../../test/support/engines.ts';

const PASSWORD = 'submitter password';

async function person(app: FastifyInstance, email: string, roles: 'admin'[] = []) {
  await app.services.identity.addUser({ email, name: email.split('@')[0]!, roles, password: PASSWORD });
  const agent = new Agent(app);
  await agent.post('/en/sign-in', { email, password: PASSWORD }, { from: '/en/sign-in' });
  return agent;
}

/** A 1×1 PNG, valid enough for the type sniffer. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

async function upload(
  app: FastifyInstance,
  agent: Agent,
  path: string,
  filename: string,
  type: string,
  bytes: Buffer,
) {
  const page = await agent.get(path);
  const csrf =
    /action="[^"]*\/files" enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="_csrf" value="([^"]+)"/.exec(
      page.body,
    )?.[1] ?? /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1];
  const boundary = '----praxis-test-boundary';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${csrf}\r\n`),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: ${type}\r\n\r\n`,
    ),
    bytes,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app.inject({
    method: 'POST',
    url: `${path}/files`,
    headers: {
      'content-type': `multipart/form-data; boundary=${boundary}`,
      cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
    },
    payload: body,
  });
}

for (const engine of engines()) {
  describe(`submissions on ${engine}`, () => {
    test('a draft survives a failed submit; a complete case submits and the owner gets a copy', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      await openCall(app);
      const owner = await person(app, 'owner@example.org');
      const partial = await owner.post(
        '/en/calls/practice-2027/submissions/new',
        { language: 'en', title: 'Half a case', what: 'Only this part so far.', intent: 'submit' },
        { from: '/en/calls/practice-2027/submissions/new' },
      );
      assert.equal(partial.statusCode, 422, 'incomplete: not submitted');
      assert.match(partial.body, /This is needed before you submit/);
      assert.match(partial.body, /Only this part so far\./, 'what was typed is shown again');
      const saved = await app.services.database.db
        .selectFrom('submissions')
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(saved.status, 'draft');
      assert.equal(saved.what, 'Only this part so far.', 'and kept as a draft');

      const tooLong = await owner.post(
        `/en/submissions/${saved.id}`,
        { ...CASE_FORM, summary: 'word '.repeat(151), intent: 'submit' },
        { from: `/en/submissions/${saved.id}` },
      );
      assert.equal(tooLong.statusCode, 422);
      assert.match(tooLong.body, /The summary has more words than the call allows/);

      const submitted = await owner.post(
        `/en/submissions/${saved.id}`,
        { ...CASE_FORM, intent: 'submit' },
        { from: `/en/submissions/${saved.id}` },
      );
      assert.equal(submitted.statusCode, 303);
      const row = await app.services.database.db
        .selectFrom('submissions')
        .selectAll()
        .executeTakeFirstOrThrow();
      assert.equal(row.status, 'submitted');
      assert.equal(row.region, 'asia-pacific', 'the UNESCO region is derived from the country');
      const mail = outbox.find((m) => m.subject.startsWith('Your practice case was submitted'));
      assert.ok(mail);
      assert.equal(mail.to, 'owner@example.org');
      assert.match(mail.text, /Each department documents its systems/, 'a copy of the submission');
    });

    test('co-authors edit but do not submit; others see nothing', async (t) => {
      const { app, outbox } = await buildTestApp(t, engine);
      await openCall(app);
      const owner = await person(app, 'owner@example.org');
      const created = await owner.post(
        '/en/calls/practice-2027/submissions/new',
        { ...CASE_FORM, coauthors: 'co@example.org', intent: 'save' },
        { from: '/en/calls/practice-2027/submissions/new' },
      );
      const id = String(created.headers.location).split('/').pop()!.split('?')[0]!;
      assert.ok(
        outbox.some((m) => m.to === 'co@example.org' && /co-author/.test(m.subject)),
        'the co-author is invited',
      );

      const coauthor = await person(app, 'co@example.org');
      const view = await coauthor.get(`/en/submissions/${id}`);
      assert.equal(view.statusCode, 200);
      const edit = await coauthor.post(`/en/submissions/${id}`, {
        ...CASE_FORM,
        title: 'Edited by the co-author',
        intent: 'save',
      });
      assert.equal(edit.statusCode, 303);
      const submit = await coauthor.post(
        `/en/submissions/${id}`,
        { ...CASE_FORM, intent: 'submit' },
        { from: `/en/submissions/${id}` },
      );
      assert.equal(submit.statusCode, 403, 'only the owner submits');
      const withdraw = await coauthor.post(
        `/en/submissions/${id}/withdraw`,
        { reason: 'no' },
        { from: `/en/submissions/${id}` },
      );
      assert.equal(withdraw.statusCode, 403);

      // The owner declares a conflict with a member of the advisory group, through the form.
      await app.services.identity.addUser({
        email: 'member@example.org',
        name: 'Group Member',
        roles: ['reviewer'],
        password: PASSWORD,
      });
      const member = (await app.services.identity.findByEmail('member@example.org'))!.id;
      await app.services.reviews.saveProfile(member, {
        expertise: ['sustainability'],
        region: 'africa',
        languages: ['en'],
        organisation: 'Elsewhere',
        maxLoad: 3,
      });
      const declared = await owner.post(
        `/en/submissions/${id}`,
        { ...CASE_FORM, title: 'Edited by the co-author', conflicts: [member], intent: 'save' },
        { from: `/en/submissions/${id}` },
      );
      assert.equal(declared.statusCode, 303);
      assert.deepEqual(await app.services.reviews.declaredBySubmitter(id), [member]);
      assert.doesNotMatch(
        (await coauthor.get(`/en/submissions/${id}`)).body,
        /Group Member|co@example\.org/,
        'co-authors see neither the declarations nor the addresses',
      );

      const stranger = await person(app, 'stranger@example.org');
      assert.equal((await stranger.get(`/en/submissions/${id}`)).statusCode, 403);
      assert.equal(
        (
          await stranger.post(
            `/en/submissions/${id}`,
            { ...CASE_FORM, intent: 'save' },
            { from: '/en/calls' },
          )
        ).statusCode,
        403,
      );
      assert.equal(
        (await new Agent(app).get(`/en/submissions/${id}`)).statusCode,
        303,
        'visitors are sent to sign in',
      );
      const admin = await person(app, 'admin@example.org', ['admin']);
      assert.equal((await admin.get(`/en/submissions/${id}`)).statusCode, 200);
      const mine = await owner.get('/en/submissions');
      assert.match(mine.body, /Edited by the co-author/);
    });

    test('attachments are checked from their bytes, limited in size and number', async (t) => {
      const { app } = await buildTestApp(t, engine);
      await openCall(app);
      const owner = await person(app, 'owner@example.org');
      const created = await owner.post(
        '/en/calls/practice-2027/submissions/new',
        { ...CASE_FORM, intent: 'save' },
        { from: '/en/calls/practice-2027/submissions/new' },
      );
      const path = String(created.headers.location).split('?')[0]!;
      const id = path.split('/').pop()!;

      const good = await upload(app, owner, path, 'diagram.png', 'image/png', png());
      assert.equal(good.statusCode, 303);
      const disguised = await upload(
        app,
        owner,
        path,
        'report.pdf',
        'application/pdf',
        Buffer.from('<html><script>alert(1)</script></html>'),
      );
      assert.equal(disguised.statusCode, 422);
      assert.match(disguised.body, /Only PDF, PNG and JPEG files are accepted/);
      const renamed = await upload(app, owner, path, 'photo.pdf', 'application/pdf', png());
      assert.equal(renamed.statusCode, 422);
      assert.match(renamed.body, /does not match its name or type/);
      const big = await upload(
        app,
        owner,
        path,
        'big.png',
        'image/png',
        Buffer.concat([png(), Buffer.alloc(10 * 1024 * 1024)]),
      );
      assert.equal(big.statusCode, 422);
      assert.match(big.body, /larger than 10 MB/);
      for (let i = 0; i < 4; i++)
        assert.equal((await upload(app, owner, path, `p${i}.png`, 'image/png', png())).statusCode, 303);
      const sixth = await upload(app, owner, path, 'sixth.png', 'image/png', png());
      assert.equal(sixth.statusCode, 422);
      assert.match(sixth.body, /at most five attachments/);

      const files = await app.services.database.db
        .selectFrom('submission_files')
        .selectAll()
        .where('submission_id', '=', id)
        .execute();
      assert.equal(files.length, 5);
      const download = await owner.get(`/submissions/${id}/files/${files[0]!.id}`);
      assert.equal(download.statusCode, 200);
      assert.equal(download.headers['content-type'], 'image/png');
      const stranger = await person(app, 'stranger@example.org');
      assert.equal((await stranger.get(`/submissions/${id}/files/${files[0]!.id}`)).statusCode, 403);
    });

    test('withdrawn cases and closed calls are read-only', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const call = await openCall(app);
      const owner = await person(app, 'owner@example.org');
      const created = await owner.post(
        '/en/calls/practice-2027/submissions/new',
        { ...CASE_FORM, intent: 'submit' },
        { from: '/en/calls/practice-2027/submissions/new' },
      );
      const path = String(created.headers.location).split('?')[0]!;
      const noReason = await owner.post(`${path}/withdraw`, { reason: ' ' }, { from: path });
      assert.equal(noReason.statusCode, 422);
      assert.equal(
        (await owner.post(`${path}/withdraw`, { reason: 'Merged with another case' }, { from: path }))
          .statusCode,
        303,
      );
      assert.equal(
        (await owner.post(path, { ...CASE_FORM, intent: 'save' }, { from: path })).statusCode,
        403,
      );
      assert.match((await owner.get(path)).body, /Merged with another case/);

      const second = await owner.post(
        '/en/calls/practice-2027/submissions/new',
        { ...CASE_FORM, intent: 'save' },
        { from: '/en/calls/practice-2027/submissions/new' },
      );
      const secondPath = String(second.headers.location).split('?')[0]!;
      await app.services.database.db
        .updateTable('calls')
        .set({ closes_at: new Date(Date.now() - 1000).toISOString() })
        .where('id', '=', call.id)
        .execute();
      const page = await owner.get(secondPath);
      assert.match(page.body, /can no longer be changed/);
      assert.equal(
        (await owner.post(secondPath, { ...CASE_FORM, intent: 'save' }, { from: secondPath })).statusCode,
        403,
        'after the deadline',
      );
      assert.equal((await owner.get('/en/calls/practice-2027/submissions/new')).statusCode, 404);
    });
  });
}
