import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BODY_MAX, bodyProblem, hasLink, renderPostBody } from './post-body.ts';

test('post bodies: Markdown without raw HTML, safe links marked nofollow ugc', () => {
  const html = renderPostBody(
    '# Title\n\n**bold** <b>raw</b> <script>x()</script>\n\n[a](javascript:alert(1)) [b](https://example.org) ![i](https://example.org/i.png) [c](data:text/html,x) [d](//evil.example)',
  );
  assert.doesNotMatch(html, /<script|<b>|<img|<h1|href="javascript:|href="data:|href="\/\//);
  assert.match(html, /<p>Title<\/p>/);
  assert.match(html, /<strong>bold<\/strong>/);
  assert.match(html, /<a href="https:\/\/example.org" rel="nofollow ugc noopener">b<\/a>/);
  assert.match(
    renderPostBody('see https://example.org/x'),
    /<a href="https:\/\/example.org\/x" rel="nofollow ugc noopener">/,
  );
});

test('what counts as empty, too long or carrying a link', () => {
  assert.equal(bodyProblem('  \n '), 'empty');
  assert.equal(bodyProblem('x'.repeat(BODY_MAX + 1)), 'tooLong');
  assert.equal(bodyProblem('x'.repeat(BODY_MAX)), null);
  assert.equal(bodyProblem('<script>alert(1)</script>'), 'script');
  assert.equal(bodyProblem('see [this](javascript:alert(1))'), 'script');
  assert.equal(bodyProblem('<img src=x onerror=alert(1)>'), 'script');
  assert.equal(bodyProblem('<IFRAME src="https://a.example">'), 'script');
  // Code is shown, not run: people discussing it write it in code spans or blocks.
  assert.equal(bodyProblem('Never do `<script>alert(1)</script>` in a template.'), null);
  assert.equal(bodyProblem('An example:\n\n```html\n<script>track()</script>\n```\n\nWhy it matters.'), null);
  assert.equal(bodyProblem('Unclosed:\n\n```\n<script>x()</script>'), null);
  assert.equal(bodyProblem('```\ncode\n```\n<script>x()</script>'), 'script', 'script after a closed block');
  assert.equal(bodyProblem('A scripted interview and a javascript course'), null, 'words are fine');
  assert.equal(bodyProblem('---'), 'nothingLeft');
  assert.ok(hasLink('look at www.example.org'));
  assert.ok(hasLink('[x](https://a.example)'));
  assert.ok(!hasLink('no links here, just words.'));
});
