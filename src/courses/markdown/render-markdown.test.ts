import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { parse as parseYaml } from 'yaml';
import {
  markdownCases,
  markdownImages,
  markdownLinks,
  markdownVideos,
  type RenderContext,
  renderMarkdown,
} from './render-markdown.ts';

const labelsEn: RenderContext['labels'] = {
  note: 'Note',
  warning: 'Warning',
  reflection: 'Reflection',
  keyIdea: 'Key idea',
  transcript: 'Transcript',
  captions: 'Captions',
  footnotes: 'Footnotes',
  caseUnpublished: 'This practice case is not published yet.',
  practiceCase: 'Practice case',
  backToReference: 'Back to reference',
};

const labelsKo: RenderContext['labels'] = {
  note: '참고',
  warning: '주의',
  reflection: '생각해 보기',
  keyIdea: '핵심',
  transcript: '대본',
  captions: '자막',
  footnotes: '각주',
  caseUnpublished: '이 실습 사례는 아직 공개되지 않았습니다.',
  practiceCase: '실습 사례',
};

const MEDIA = new Set([
  'media/diagram.png',
  'media/welcome.mp4',
  'media/welcome.en.vtt',
  'media/welcome.ko.vtt',
]);

function context(overrides: Partial<RenderContext> = {}): RenderContext {
  return {
    locale: 'en',
    glossary: new Map([
      ['training-data', { term: 'training data', definition: 'Data a model learns from.' }],
      ['bias', { term: 'bias', definition: 'A systematic skew.' }],
    ]),
    unitHref: (id) =>
      id === 'foundations-what-is-ai' ? '/en/courses/ethics/units/foundations-what-is-ai' : null,
    moduleHref: (id) => (id === 'fairness' ? '/en/courses/ethics/modules/fairness' : null),
    mediaHref: (path) => (MEDIA.has(path) ? `/media/ethics/1/${path}` : null),
    caseEmbed: (id) =>
      id === 'credit-scoring'
        ? {
            title: 'Credit scoring & you',
            summary: 'A bank automates loans.',
            href: '/en/cases/credit-scoring',
          }
        : null,
    labels: labelsEn,
    ...overrides,
  };
}

const render = (markdown: string, overrides: Partial<RenderContext> = {}) =>
  renderMarkdown(markdown, context(overrides));

/** All id="…" values in the HTML. */
const ids = (html: string) => [...html.matchAll(/\sid="([^"]*)"/g)].map((m) => m[1]!);

describe('CommonMark basics', () => {
  test('a level-1 heading becomes <h2>; other levels stay', () => {
    const html = render('# One\n\n## Two\n\n### Three\n\nSetext\n===');
    assert.doesNotMatch(html, /<h1/);
    assert.match(html, /<h2>One<\/h2>/);
    assert.match(html, /<h2>Two<\/h2>/);
    assert.match(html, /<h3>Three<\/h3>/);
    assert.match(html, /<h2>Setext<\/h2>/);
  });

  test('lists, emphasis, block quotes and strikethrough', () => {
    const html = render('- *a*\n- **b**\n\n3. c\n\n> quote ~~old~~');
    assert.match(html, /<ul>\n<li><em>a<\/em><\/li>\n<li><strong>b<\/strong><\/li>\n<\/ul>/);
    assert.match(html, /<ol start="3">/);
    assert.match(html, /<blockquote>\n<p>quote <s>old<\/s><\/p>\n<\/blockquote>/);
  });

  test('Korean text passes through unchanged', () => {
    const text = '이 모듈에서 *편향*은 일부 집단에게 더 나쁜 결과를 낳는 체계적인 치우침을 뜻합니다.';
    assert.equal(
      render(text, { locale: 'ko', labels: labelsKo }),
      '<p>이 모듈에서 <em>편향</em>은 일부 집단에게 더 나쁜 결과를 낳는 체계적인 치우침을 뜻합니다.</p>\n',
    );
  });

  test('other fenced and indented code is escaped in <pre><code>', () => {
    const html = render('```js\nif (a < b && c) alert("<x>")\n```\n\n    <b>indented</b>');
    assert.match(
      html,
      /<pre><code class="language-js">if \(a &lt; b &amp;&amp; c\) alert\("&lt;x&gt;"\)\n<\/code><\/pre>/,
    );
    assert.match(html, /<pre><code>&lt;b&gt;indented&lt;\/b&gt;\n<\/code><\/pre>/);
  });

  test('an odd info string cannot inject a class or attribute', () => {
    const html = render('```x" onclick="alert(1)\ncode\n```');
    assert.doesNotMatch(html, /onclick/);
    assert.match(html, /<pre><code( class="language-x&quot;")?>code/);
  });
});

describe('tables', () => {
  test('are wrapped for narrow screens, cells get dir="auto" and alignment classes, never style', () => {
    const html = render('| Value | Count |\n|:--|--:|\n| 인간 | 3 |\n| b | :-: |');
    assert.match(html, /^<div class="table-scroll">\n<table>\n<thead>/);
    assert.match(html, /<\/table>\n<\/div>\n$/);
    assert.match(html, /<th class="align-start" dir="auto">Value<\/th>/);
    assert.match(html, /<td class="align-end" dir="auto">3<\/td>/);
    assert.match(html, /<td class="align-start" dir="auto">인간<\/td>/);
    assert.doesNotMatch(html, /style=/);
  });

  test('centred and unaligned columns', () => {
    const html = render('| a | b |\n|:-:|---|\n| 1 | 2 |');
    assert.match(html, /<td class="align-center" dir="auto">1<\/td>/);
    assert.match(html, /<td dir="auto">2<\/td>/);
  });
});

describe('footnotes', () => {
  const source =
    'Claim one.[^1] Claim two.[^src] Again.[^1]\n\n[^1]: First note.\n[^src]: Second, with [a link](https://example.org).';

  test('render a labelled section with unique, valid, matching ids', () => {
    const html = render(source);
    assert.match(
      html,
      /<section class="footnotes" aria-labelledby="footnotes-title">\n<h2 id="footnotes-title" class="footnotes-title">Footnotes<\/h2>\n<ol class="footnotes-list">/,
    );
    assert.doesNotMatch(html, /<hr/);
    const all = ids(html);
    assert.deepEqual(all, [...new Set(all)], 'ids are unique');
    for (const id of all) assert.match(id, /^[A-Za-z][\w-]*$/, `valid id ${id}`);
    for (const [, target] of html.matchAll(/href="#([^"]+)"/g))
      assert.ok(all.includes(target!), `#${target} exists`);
    assert.match(
      html,
      /<sup class="footnote-ref"><a href="#fn-1" id="fnref-1" aria-describedby="footnotes-title">1<\/a><\/sup>/,
    );
    assert.match(html, /id="fnref-1-2"/, 'a second reference to the same note');
    assert.match(
      html,
      /<li id="fn-2" class="footnote-item"><p>Second, with <a href="https:\/\/example.org" rel="noopener">a link<\/a>/,
    );
    assert.match(html, /<a href="#fnref-1" class="footnote-backref" aria-label="Back to reference 1">/);
  });

  test('the id prefix keeps several bodies on one page apart', () => {
    const html = render(source, { idPrefix: 'u2' });
    assert.match(html, /aria-labelledby="u2-footnotes-title"/);
    assert.match(html, /<li id="u2-fn-1"/);
    assert.match(html, /href="#u2-fn-1" id="u2-fnref-1"/);
    assert.doesNotMatch(html, /id="fn-/);
    const unsafe = render(source, { idPrefix: '"><script>' });
    assert.doesNotMatch(unsafe, /script/);
    assert.match(unsafe, /id="fn-1"/);
  });

  test('Korean label, and no aria-label on the back link when no label is given', () => {
    const html = render('본문입니다.[^1]\n\n[^1]: 각주 내용입니다.', { locale: 'ko', labels: labelsKo });
    assert.match(html, /<h2 id="footnotes-title" class="footnotes-title">각주<\/h2>/);
    assert.match(
      html,
      /<li id="fn-1" class="footnote-item"><p>각주 내용입니다. <a href="#fnref-1" class="footnote-backref">/,
    );
  });
});

describe('callouts', () => {
  for (const [kind, label] of [
    ['note', 'Note'],
    ['warning', 'Warning'],
    ['reflection', 'Reflection'],
    ['key-idea', 'Key idea'],
  ] as const) {
    test(`::: ${kind}`, () => {
      const html = render(`::: ${kind}\nSome *text*.\n\nMore.\n:::`);
      assert.equal(
        html,
        `<aside class="callout callout-${kind}" aria-label="${label}">\n<p class="callout-title">${label}</p>\n<p>Some <em>text</em>.</p>\n<p>More.</p>\n</aside>\n`,
      );
    });
  }

  test('localized labels', () => {
    const html = render('::: key-idea\n보고서는 확인할 수 있을 때 책임을 집니다.\n:::', {
      locale: 'ko',
      labels: labelsKo,
    });
    assert.match(
      html,
      /^<aside class="callout callout-key-idea" aria-label="핵심">\n<p class="callout-title">핵심<\/p>/,
    );
  });

  test('an unknown kind is not a callout', () => {
    const html = render('::: tip\nx\n:::');
    assert.doesNotMatch(html, /<aside/);
    assert.match(html, /::: tip/);
  });
});

describe('links', () => {
  test('a known glossary id links to the glossary entry on the page; an unknown one is text', () => {
    const html = render('[Training data](glossary:training-data) and [nothing](glossary:unknown-term).');
    assert.equal(
      html,
      '<p><a href="#glossary-training-data" class="glossary-term">Training data</a> and nothing.</p>\n',
    );
  });

  test('glossary terms in Korean', () => {
    const html = render('[학습 데이터](glossary:training-data)는 중요합니다.', {
      locale: 'ko',
      labels: labelsKo,
    });
    assert.equal(
      html,
      '<p><a href="#glossary-training-data" class="glossary-term">학습 데이터</a>는 중요합니다.</p>\n',
    );
  });

  test('unit: and module: links use the context; unknown ones are text', () => {
    const html = render(
      '[earlier](unit:foundations-what-is-ai), [gone](unit:nope), [fair](module:fairness), [gone too](module:nope)',
    );
    assert.equal(
      html,
      '<p><a href="/en/courses/ethics/units/foundations-what-is-ai">earlier</a>, gone, <a href="/en/courses/ethics/modules/fairness">fair</a>, gone too</p>\n',
    );
  });

  test('https, http and mailto links are kept; http(s) to other hosts get rel="noopener"', () => {
    const html = render(
      '[a](https://unesco.org/x "title") [b](http://example.org) [c](mailto:team@example.org) <https://auto.example>',
    );
    assert.match(html, /<a href="https:\/\/unesco.org\/x" rel="noopener">a<\/a>/);
    assert.match(html, /<a href="http:\/\/example.org" rel="noopener">b<\/a>/);
    assert.match(html, /<a href="mailto:team@example.org">c<\/a>/);
    assert.match(html, /<a href="https:\/\/auto.example" rel="noopener">https:\/\/auto.example<\/a>/);
    assert.doesNotMatch(html, /title=/);
  });

  test('links to the site itself do not get rel', () => {
    const html = render('[home](https://praxis.example/en) [away](https://other.example)', {
      siteOrigin: 'https://praxis.example',
    });
    assert.match(html, /<a href="https:\/\/praxis.example\/en">home<\/a>/);
    assert.match(html, /<a href="https:\/\/other.example" rel="noopener">away<\/a>/);
  });

  test('other schemes and relative links become text', () => {
    const html = render(
      '[a](javascript:alert(1)) [b](ftp://x.org) [c](page.html) [d](#top) [e](data:text/html,x) [f](//evil.example)',
    );
    assert.equal(html, '<p>a b c d e f</p>\n');
  });

  test('a media/ link uses mediaHref', () => {
    assert.equal(
      render('[diagram](media/diagram.png)'),
      '<p><a href="/media/ethics/1/media/diagram.png">diagram</a></p>\n',
    );
    assert.equal(render('[missing](media/missing.pdf)'), '<p>missing</p>\n');
  });
});

describe('images', () => {
  test('a media/ image uses mediaHref, keeps its alt text and loads lazily', () => {
    assert.equal(
      render('See ![A *simple* diagram](media/diagram.png) here.'),
      '<p>See <img src="/media/ethics/1/media/diagram.png" alt="A simple diagram" loading="lazy" /> here.</p>\n',
    );
  });

  test('a standalone image with a title becomes a figure with a caption', () => {
    assert.equal(
      render('![Lifecycle](media/diagram.png "The AI lifecycle <1>")'),
      '<figure class="image"><img src="/media/ethics/1/media/diagram.png" alt="Lifecycle" loading="lazy" /><figcaption>The AI lifecycle &lt;1&gt;</figcaption></figure>\n',
    );
  });

  test('https images are allowed', () => {
    assert.equal(
      render('![Logo](https://example.org/logo.png)'),
      '<p><img src="https://example.org/logo.png" alt="Logo" loading="lazy" /></p>\n',
    );
  });

  test('missing media, other relative paths and other schemes are dropped', () => {
    assert.equal(render('![gone](media/missing.png)'), '');
    assert.equal(render('![rel](images/x.png) ![up](media/../secret.png) ![http](http://x.org/a.png)'), '');
    assert.equal(
      render('Text ![d](data:image/png;base64,AAAA) ![j](javascript:alert(1)) end'),
      '<p>Text   end</p>\n',
    );
  });

  test('alt text is escaped', () => {
    assert.match(render('![a "quoted" <b>](media/diagram.png)'), /alt="a &quot;quoted&quot; "/);
  });
});

describe('video', () => {
  const block = [
    '```video',
    'src: media/welcome.mp4',
    'captions: {en: media/welcome.en.vtt, ko: media/welcome.ko.vtt}',
    'transcript:',
    '  en: "Welcome to the course <b>now</b>.\\n\\nSecond paragraph."',
    '  ko: "과정에 오신 것을 환영합니다."',
    '```',
  ].join('\n');

  test('a media/ video with captions and a transcript', () => {
    const html = render(block);
    assert.match(
      html,
      /^<figure class="video">\n<video controls preload="none" src="\/media\/ethics\/1\/media\/welcome.mp4">\n/,
    );
    assert.match(
      html,
      /<track kind="captions" srclang="en" label="English" src="\/media\/ethics\/1\/media\/welcome.en.vtt" default \/>/,
    );
    assert.match(
      html,
      /<track kind="captions" srclang="ko" label="Korean" src="\/media\/ethics\/1\/media\/welcome.ko.vtt" \/>/,
    );
    assert.match(
      html,
      /<details class="video-transcript">\n<summary>Transcript<\/summary>\n<p>Welcome to the course &lt;b&gt;now&lt;\/b&gt;.<\/p>\n<p>Second paragraph.<\/p>\n<\/details>\n<\/figure>/,
    );
    assert.doesNotMatch(html, /<b>/);
  });

  test('in Korean: the Korean track is the default, labels and transcript are Korean', () => {
    const html = render(block, { locale: 'ko', labels: labelsKo });
    assert.match(html, /<track kind="captions" srclang="en" label="영어" src="[^"]+" \/>/);
    assert.match(html, /<track kind="captions" srclang="ko" label="한국어" src="[^"]+" default \/>/);
    assert.match(html, /<summary>대본<\/summary>\n<p>과정에 오신 것을 환영합니다.<\/p>/);
  });

  test('a transcript only in another language is marked with its lang', () => {
    const html = render('```video\nsrc: media/welcome.mp4\ntranscript: {ko: "안녕하세요"}\n```');
    assert.match(html, /<p lang="ko">안녕하세요<\/p>/);
  });

  test('an https video file plays directly', () => {
    const html = render('```video\nsrc: https://cdn.example.org/v/intro.webm\n```');
    assert.match(html, /<video controls preload="none" src="https:\/\/cdn.example.org\/v\/intro.webm">/);
  });

  test('an https page (YouTube) becomes a plain link, never a frame', () => {
    const html = render(
      '```video\nsrc: https://www.youtube.com/watch?v=abc123\ntitle: Intro\ntranscript: {en: Hello}\n```',
    );
    assert.doesNotMatch(html, /<iframe|<video/);
    assert.match(
      html,
      /<p class="video-link"><a href="https:\/\/www.youtube.com\/watch\?v=abc123" rel="noopener">Intro<\/a><\/p>/,
    );
    assert.match(html, /<summary>Transcript<\/summary>\n<p>Hello<\/p>/);
  });

  test('missing media keeps the transcript; bad YAML and other schemes render nothing', () => {
    const missing = render('```video\nsrc: media/missing.mp4\ntranscript: {en: Still here}\n```');
    assert.doesNotMatch(missing, /<video/);
    assert.match(missing, /<p>Still here<\/p>/);
    assert.equal(render('```video\nsrc: [unclosed\n```'), '');
    assert.equal(render('```video\n- a list\n```'), '');
    assert.equal(render('```video\nsrc: javascript:alert(1)\n```'), '');
    const badTracks = render(
      '```video\nsrc: media/welcome.mp4\ncaptions: {"x\\" onload=\\"y": media/welcome.en.vtt, fr: "javascript:alert(1)"}\n```',
    );
    assert.doesNotMatch(badTracks, /<track|onload|javascript/);
  });
});

describe('practice cases', () => {
  test('a published case is embedded as a card', () => {
    assert.equal(
      render('```case\ncredit-scoring\n```'),
      '<aside class="case-embed" aria-label="Practice case">\n<p class="case-embed-kind">Practice case</p>\n' +
        '<p class="case-embed-title"><a href="/en/cases/credit-scoring">Credit scoring &amp; you</a></p>\n' +
        '<p class="case-embed-summary">A bank automates loans.</p>\n</aside>\n',
    );
    assert.match(render('```case\nid: credit-scoring\n```'), /case-embed-title/);
  });

  test('an unpublished case shows a short note', () => {
    assert.equal(
      render('```case\nnot-yet\n```', { locale: 'ko', labels: labelsKo }),
      '<aside class="case-embed case-embed-unpublished" aria-label="실습 사례">\n<p class="case-embed-kind">실습 사례</p>\n' +
        '<p>이 실습 사례는 아직 공개되지 않았습니다.</p>\n</aside>\n',
    );
  });
});

describe('no author HTML survives', () => {
  const cases: [string, string][] = [
    ['a script block', '<script>alert(1)</script>'],
    ['an inline script', 'Text <script>alert(1)</script> more'],
    ['an image with onerror', '<img src=x onerror="alert(1)">'],
    ['an inline image with onerror', 'Text <img src=x onerror=alert(1)> more'],
    ['a javascript: link', '[x](javascript:alert(1))'],
    ['a javascript: autolink', '<javascript:alert(1)>'],
    [
      'an encoded javascript: link',
      '[x](jav&#x61;script:alert(1)) [y](JAVASCRIPT:alert(1)) [z](%6Aavascript:alert(1))',
    ],
    ['an iframe', '<iframe src="https://evil.example"></iframe>'],
    ['a style attribute', '<p style="color:red">red</p> <span style="x">y</span>'],
    ['a style element', '<style>body{display:none}</style>'],
    ['a raw anchor', '<a href="javascript:alert(1)" onclick="x()">click</a>'],
    ['attribute injection through a title', '[x](https://a.example "t\\" onmouseover=\\"alert(1)")'],
    ['attribute injection through an href', '[x](https://a.example/"onmouseover="alert(1))'],
    ['svg', '<svg onload=alert(1)><circle/></svg>'],
    ['raw HTML inside a callout', '::: note\n<script>alert(1)</script>\n<iframe src=x></iframe>\n:::'],
  ];
  for (const [name, source] of cases) {
    test(name, () => {
      const html = render(source);
      assert.doesNotMatch(
        html,
        /<script|<iframe|<svg|<style|style=|(href|src)="\s*javascript:|\son\w+=/i,
        html,
      );
      assert.doesNotMatch(html, /<a (?!href="https:\/\/a\.example)/, html);
    });
  }

  test('the text of a dropped tag remains as text, the tags do not', () => {
    assert.equal(render('Text <b>bold</b> and <span class="x">span</span>.'), '<p>Text bold and span.</p>\n');
    assert.equal(render('<div>\nblock html\n</div>'), '');
  });
});

describe('markdownLinks and markdownImages', () => {
  const source = [
    '## Links', // 1
    '', // 2
    'First [a](https://a.example) and', // 3
    'second line [b](glossary:bias) and ![img](media/diagram.png "t").', // 4
    '', // 5
    '| col | col |', // 6
    '|---|---|', // 7
    '| [c](unit:x) | ![](media/empty.png) |', // 8
    '', // 9
    '- item <https://auto.example>', // 10
    '  ![two', // 11
    '  lines](https://img.example/x.png)', // 12
    '', // 13
    '[bad](javascript:alert(1)) with note^[inline', // 14
    'note [d](https://d.example)] and[^1]', // 15
    '', // 16
    '```video', // 17
    'src: media/welcome.mp4', // 18
    '```', // 19
    '', // 20
    '[^1]: Note with [e](module:m).', // 21
  ].join('\n');

  test('every link and image target with its 1-based line, in order', () => {
    assert.deepEqual(markdownLinks(source), [
      { href: 'https://a.example', line: 3 },
      { href: 'glossary:bias', line: 4 },
      { href: 'media/diagram.png', line: 4 },
      { href: 'unit:x', line: 8 },
      { href: 'media/empty.png', line: 8 },
      { href: 'https://auto.example', line: 10 },
      { href: 'https://img.example/x.png', line: 11 },
      { href: 'javascript:alert(1)', line: 14 },
      { href: 'https://d.example', line: 15 },
      { href: 'module:m', line: 21 },
    ]);
  });

  test('every image with its alt text (empty when missing) and line', () => {
    assert.deepEqual(markdownImages(source), [
      { src: 'media/diagram.png', alt: 'img', line: 4 },
      { src: 'media/empty.png', alt: '', line: 8 },
      { src: 'https://img.example/x.png', alt: 'two lines', line: 11 },
    ]);
  });

  test('lines inside callouts, block quotes and Korean text', () => {
    const korean =
      '::: note\n첫 줄\n둘째 줄 [용어](glossary:bias)\n:::\n\n> 인용\n> ![그림](media/diagram.png)';
    assert.deepEqual(markdownLinks(korean), [
      { href: 'glossary:bias', line: 3 },
      { href: 'media/diagram.png', line: 7 },
    ]);
  });

  test('video and case blocks are reported with their lines', () => {
    assert.deepEqual(markdownVideos(source), [
      { src: 'media/welcome.mp4', captions: {}, transcripts: [], line: 17 },
    ]);
    const embeds = 'Text\n\n```case\ncredit-scoring\n```\n\n```video\nsrc: [x\n```';
    assert.deepEqual(markdownCases(embeds), [{ id: 'credit-scoring', line: 3 }]);
    const [broken] = markdownVideos(embeds);
    assert.equal(broken?.src, null);
    assert.equal(broken?.line, 7);
    assert.ok(broken?.error);
  });
});

describe('the course content renders', () => {
  const modulesDir = join(import.meta.dirname, '../../../content/courses/ethics-of-ai-in-practice/modules');
  const modules = readdirSync(modulesDir, { withFileTypes: true }).filter((d) => d.isDirectory());

  const glossary = new Map<string, Map<string, { term: string; definition: string }>>();
  for (const module of modules) {
    const data = parseYaml(readFileSync(join(modulesDir, module.name, 'module.yaml'), 'utf8')) as {
      glossary?: { id: string; term: Record<string, string>; definition: Record<string, string> }[];
    };
    for (const entry of data.glossary ?? []) {
      for (const locale of Object.keys(entry.term)) {
        const map = glossary.get(locale) ?? new Map();
        map.set(entry.id, { term: entry.term[locale] ?? '', definition: entry.definition[locale] ?? '' });
        glossary.set(locale, map);
      }
    }
  }

  const permissive = (locale: string): RenderContext => ({
    locale,
    glossary: glossary.get(locale) ?? new Map(),
    unitHref: (id) => `/${locale}/units/${id}`,
    moduleHref: (id) => `/${locale}/modules/${id}`,
    mediaHref: (path) => `/media/${path}`,
    caseEmbed: (id) => ({ title: id, summary: 'Summary', href: `/${locale}/cases/${id}` }),
    labels: locale === 'ko' ? labelsKo : labelsEn,
  });

  const files = modules.flatMap((module) =>
    readdirSync(join(modulesDir, module.name))
      .filter((name) => /\.(en|ko)\.md$/.test(name))
      .map((name) => join(module.name, name)),
  );

  test('there are unit files in English and Korean', () => {
    assert.ok(files.some((f) => f.endsWith('.en.md')));
    assert.ok(files.some((f) => f.endsWith('.ko.md')));
  });

  for (const file of files) {
    test(file, () => {
      const text = readFileSync(join(modulesDir, file), 'utf8');
      const lines = text.split('\n');
      assert.equal(lines[0]?.trim(), '---', 'front matter starts the file');
      const end = lines.indexOf('---', 1);
      assert.ok(end > 0, 'front matter ends');
      const body = lines.slice(end + 1).join('\n');
      const locale = file.endsWith('.ko.md') ? 'ko' : 'en';
      const html = renderMarkdown(body, permissive(locale));
      assert.ok(html.length > 0);
      assert.doesNotMatch(html, /<script|style=|<h1|<iframe/i);
      assert.doesNotMatch(html, /^::: /m, 'every callout was recognized');
      const all = ids(html);
      assert.deepEqual(all, [...new Set(all)], 'ids are unique');
      for (const { href, line } of markdownLinks(body)) {
        assert.ok(line >= 1 && line <= body.split('\n').length, `${href} at line ${line}`);
      }
    });
  }
});
