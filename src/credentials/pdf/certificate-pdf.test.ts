// Certificate PDFs in every script the platform ships: page, size, speed, metadata, and the text as
// a PDF reader extracts it. Text extraction uses poppler's pdftotext (poppler-utils), which CI
// installs; without it these tests fail and say so.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PDFDict, PDFDocument, PDFName } from 'pdf-lib';
import { layoutText, type Word, words } from '../../../test/support/pdf.ts';
import { type CertificatePdfInput, renderCertificatePdf } from './certificate-pdf.ts';
import { FontBook, parseUnicodeRange } from './fonts.ts';

const ID = 'c-7f3a9b2e-41d6-4c1e-9a77-0e5b8d2f6c11';
const common = { verifyUrl: `https://praxis.example.org/verify/${ID}`, certificateId: ID };

const samples: Record<string, CertificatePdfInput> = {
  en: {
    ...common,
    locale: 'en',
    dir: 'ltr',
    learnerName: 'Amélie Okonkwo-Hartmann',
    courseTitle: 'Foundations of AI Ethics',
    achievement:
      'Completed all six units of the course, including the graded case studies on fairness, accountability and transparency, with an overall score of 92% (pass mark: 70%).',
    issuedOn: '14 March 2026',
    issuerName: 'Praxis Open Learning Foundation',
    labels: {
      title: 'Certificate of Completion',
      awardedTo: 'This certifies that',
      forCompleting: 'has successfully completed',
      issuedOn: 'Issued on',
      issuedBy: 'Issued by',
      verifyAt: 'Verify this certificate at',
      id: 'Certificate ID',
    },
  },
  ko: {
    ...common,
    locale: 'ko',
    dir: 'ltr',
    learnerName: '김민지',
    courseTitle: 'AI 윤리의 기초',
    achievement:
      '공정성, 책임성, 투명성에 관한 사례 연구를 포함한 여섯 개 단원을 모두 이수하였으며, 총점 92%(합격 기준 70%)로 평가 기준을 충족하였습니다.',
    issuedOn: '2026년 3월 14일',
    issuerName: '프락시스 오픈 러닝 재단',
    labels: {
      title: '수료증',
      awardedTo: '이 증서는 다음 사람이',
      forCompleting: '아래 과정을 성공적으로 수료하였음을 증명합니다',
      issuedOn: '발급일',
      issuedBy: '발급 기관',
      verifyAt: '인증서 확인',
      id: '인증서 번호',
    },
  },
  zh: {
    ...common,
    locale: 'zh',
    dir: 'ltr',
    learnerName: '王小明',
    courseTitle: '人工智能伦理基础',
    achievement:
      '已完成本课程全部六个单元，包括关于公平性、问责制和透明度的评分案例研究，总成绩为92%（及格线：70%）。',
    issuedOn: '2026年3月14日',
    issuerName: 'Praxis 开放学习基金会',
    labels: {
      title: '结业证书',
      awardedTo: '兹证明',
      forCompleting: '已顺利完成以下课程',
      issuedOn: '颁发日期',
      issuedBy: '颁发机构',
      verifyAt: '验证本证书',
      id: '证书编号',
    },
  },
  ar: {
    ...common,
    locale: 'ar',
    dir: 'rtl',
    learnerName: 'ليلى عبد الله',
    courseTitle: 'أسس أخلاقيات الذكاء الاصطناعي',
    achievement:
      'أكملت جميع الوحدات الست في مقرر Foundations of AI Ethics، بما في ذلك دراسات الحالة المقيّمة حول الإنصاف والمساءلة والشفافية، بنتيجة إجمالية 92% (درجة النجاح 70%).',
    issuedOn: '١٤ مارس ٢٠٢٦',
    issuerName: 'مؤسسة براكسيس للتعلم المفتوح',
    labels: {
      title: 'شهادة إتمام',
      awardedTo: 'تشهد هذه الوثيقة بأن',
      forCompleting: 'قد أتمّ بنجاح مقرر',
      issuedOn: 'تاريخ الإصدار',
      issuedBy: 'الجهة المصدرة',
      verifyAt: 'تحقق من هذه الشهادة على',
      id: 'رقم الشهادة',
    },
  },
  ru: {
    ...common,
    locale: 'ru',
    dir: 'ltr',
    learnerName: 'Екатерина Смирнова',
    courseTitle: 'Основы этики искусственного интеллекта',
    achievement:
      'Прошла все шесть модулей курса, включая оцениваемые практические задания по справедливости, подотчётности и прозрачности, с итоговым результатом 92 % (проходной балл — 70 %).',
    issuedOn: '14 марта 2026 г.',
    issuerName: 'Фонд открытого обучения Praxis',
    labels: {
      title: 'Сертификат об окончании',
      awardedTo: 'Настоящим удостоверяется, что',
      forCompleting: 'успешно завершила курс',
      issuedOn: 'Дата выдачи',
      issuedBy: 'Выдан',
      verifyAt: 'Проверить сертификат',
      id: 'Номер сертификата',
    },
  },
};

// ---------------------------------------------------------------------------------------------
// Helpers

/** Words grouped into lines by their vertical centres (fonts of different scripts differ in height). */
function lines(all: Word[]): Word[][] {
  const centre = (w: Word) => (w.yMin + w.yMax) / 2;
  const out: Word[][] = [];
  for (const w of [...all].sort((a, b) => centre(a) - centre(b))) {
    const line = out.at(-1);
    if (line && centre(w) - centre(line[0]!) < 4) line.push(w);
    else out.push([w]);
  }
  return out;
}

const squash = (s: string) => s.replace(/\s+/g, '');

function baseFonts(doc: PDFDocument): string[] {
  const names: string[] = [];
  for (const [, obj] of doc.context.enumerateIndirectObjects()) {
    if (obj instanceof PDFDict && obj.get(PDFName.of('Subtype'))?.toString() === '/Type0') {
      names.push(obj.get(PDFName.of('BaseFont'))!.toString().slice(1));
    }
  }
  return names;
}

const rendered = new Map<string, { pdf: Uint8Array; ms: number }>();
async function render(locale: string): Promise<Uint8Array> {
  let hit = rendered.get(locale);
  if (!hit) {
    const started = performance.now();
    const pdf = await renderCertificatePdf(samples[locale]!);
    hit = { pdf, ms: performance.now() - started };
    rendered.set(locale, hit);
  }
  return hit.pdf;
}

// ---------------------------------------------------------------------------------------------
// Tests

test('each locale renders one A4 landscape page, small and quickly, with its metadata', async () => {
  for (const [locale, input] of Object.entries(samples)) {
    const pdf = await render(locale);
    const { ms } = rendered.get(locale)!;
    assert.equal(Buffer.from(pdf.subarray(0, 5)).toString('latin1'), '%PDF-', locale);
    assert.ok(pdf.length < 200_000, `${locale}: ${pdf.length} bytes`);
    // The first render also loads HarfBuzz and the woff2 decoder.
    assert.ok(ms < 5000, `${locale}: ${Math.round(ms)} ms`);

    const doc = await PDFDocument.load(pdf);
    assert.equal(doc.getPageCount(), 1);
    const { width, height } = doc.getPage(0).getSize();
    assert.deepEqual([Math.round(width), Math.round(height)], [842, 595], locale);
    assert.equal(doc.getAuthor(), input.issuerName);
    assert.equal(doc.getTitle(), `${input.labels.title}: ${input.learnerName}`);
    assert.equal(doc.getSubject(), input.courseTitle);
    assert.equal(doc.catalog.get(PDFName.of('Lang'))?.toString(), `(${locale})`);
  }
});

test('a warm render takes well under a second', async () => {
  await render('zh');
  const started = performance.now();
  await renderCertificatePdf({ ...samples.zh!, learnerName: '李华' });
  const ms = performance.now() - started;
  assert.ok(ms < 1000, `${Math.round(ms)} ms`);
});

test('name, course title, certificate id and URL come out of the PDF as text', async () => {
  for (const locale of ['en', 'ko', 'zh', 'ru']) {
    const input = samples[locale]!;
    const text = layoutText(await render(locale));
    for (const expected of [input.learnerName, input.courseTitle, input.certificateId, input.verifyUrl]) {
      assert.ok(text.includes(expected), `${locale}: ${JSON.stringify(expected)} not in:\n${text}`);
    }
    assert.ok(squash(text).includes(squash(input.achievement)), `${locale}: achievement text`);
  }
});

test('the fonts are the ones for the script', async () => {
  const families = async (locale: string) =>
    new Set(
      baseFonts(await PDFDocument.load(await render(locale))).map((n) => n.replace(/^[A-Z]+\+|-\w+$/g, '')),
    );
  assert.deepEqual(await families('en'), new Set(['NotoSans']));
  assert.deepEqual(await families('ru'), new Set(['NotoSans']));
  assert.deepEqual(await families('ko'), new Set(['NotoSans', 'NotoSansKR']));
  assert.deepEqual(await families('zh'), new Set(['NotoSans', 'NotoSansSC']));
  assert.deepEqual(await families('ar'), new Set(['NotoSans', 'NotoSansArabic']));
});

test('Arabic: letters extract whole and in reading order, and are laid out right to left', async () => {
  const input = samples.ar!;
  const pdf = await render('ar');
  const text = layoutText(pdf);
  // Noto Sans Arabic splits dots and hamza off the letters; without ActualText the name would
  // come out dotless, and without bidi reordering it would come out backwards.
  for (const expected of [input.learnerName, input.courseTitle, input.labels.title, input.labels.awardedTo]) {
    assert.ok(text.includes(expected), `${JSON.stringify(expected)} not in:\n${text}`);
  }
  assert.ok(text.includes('أتمّ'), 'shadda stays on its letter');
  assert.ok(text.includes(input.certificateId));
  assert.ok(!text.includes([...input.learnerName].reverse().join('')));

  // Visually, the name's first letter is rightmost: read right to left, the line is the name.
  const nameLine = lines(words(pdf)).find(
    (line) =>
      squash(
        [...line]
          .sort((a, b) => b.xMin - a.xMin)
          .map((w) => w.text)
          .join(''),
      ) === squash(input.learnerName),
  );
  assert.ok(nameLine, 'a line that reads as the name from right to left');

  // A Latin course name inside the Arabic sentence keeps its left-to-right order, and the Arabic
  // comma after it in the text sits to its left.
  const visual = lines(words(pdf)).map((line) =>
    squash(
      [...line]
        .sort((a, b) => a.xMin - b.xMin)
        .map((w) => w.text)
        .join(''),
    ),
  );
  assert.ok(
    visual.some((line) => line.includes('،FoundationsofAIEthics')),
    visual.join('\n'),
  );
});

test('mixed scripts: a Korean name on an English certificate, Latin names on Korean and Arabic ones', async () => {
  const cases: CertificatePdfInput[] = [
    { ...samples.en!, learnerName: '김민지 (Minji Kim)' },
    { ...samples.ko!, learnerName: 'Sarah O’Connor', courseTitle: 'Responsible AI 실무' },
    { ...samples.ar!, learnerName: 'Sarah O’Connor' },
    { ...samples.zh!, learnerName: 'Алексей 王' },
  ];
  for (const input of cases) {
    const pdf = await renderCertificatePdf(input);
    const text = layoutText(pdf);
    assert.ok(text.includes(input.learnerName), `${input.locale}: ${input.learnerName} not in:\n${text}`);
    assert.ok(text.includes(input.courseTitle), `${input.locale}: ${input.courseTitle}`);
  }
});

test('long texts shrink and wrap inside the frame; an empty achievement is fine', async () => {
  const long: CertificatePdfInput = {
    ...samples.en!,
    learnerName: 'Maximilian Alexander Konstantin von Hohenberg-Wittelsbach zu Schwarzenfels-Lichtenau',
    courseTitle:
      'Advanced Topics in the Governance, Auditing and Accountability of Machine Learning Systems Deployed in the Public Sector',
    achievement: `${samples.en!.achievement} `.repeat(4),
    issuerName:
      'The International Consortium for Open, Accessible and Ethical Artificial Intelligence Education',
    verifyUrl: `https://certificates.praxis.example.org/en/verify/${ID}?utm_source=certificate&utm_medium=pdf`,
  };
  const longZh: CertificatePdfInput = { ...samples.zh!, achievement: samples.zh!.achievement.repeat(8) };
  const longAr: CertificatePdfInput = {
    ...samples.ar!,
    learnerName: 'عبد الرحمن بن محمد بن عبد العزيز بن عبد الله آل الشيخ الهاشمي القرشي',
    achievement: `${samples.ar!.achievement} `.repeat(4),
  };
  const W = 841.89;
  const H = 595.28;
  for (const input of [long, longZh, longAr, { ...samples.ko!, achievement: '' }]) {
    const pdf = await renderCertificatePdf(input);
    const all = words(pdf);
    assert.ok(all.length > 10);
    for (const w of all) {
      assert.ok(
        w.xMin >= 28 && w.xMax <= W - 28 && w.yMin >= 28 && w.yMax <= H - 28,
        `${input.locale}: ${JSON.stringify(w)} outside the frame`,
      );
    }
    // No two words collide (boxes trimmed to the middle of their line height: font boxes overlap).
    const core = all.map((w) => {
      const mid = (w.yMin + w.yMax) / 2;
      const half = (w.yMax - w.yMin) * 0.25;
      return { ...w, yMin: mid - half, yMax: mid + half, xMin: w.xMin + 0.5, xMax: w.xMax - 0.5 };
    });
    for (const [i, a] of core.entries()) {
      for (const b of core.slice(i + 1)) {
        const overlap = a.xMin < b.xMax && b.xMin < a.xMax && a.yMin < b.yMax && b.yMin < a.yMax;
        assert.ok(!overlap, `${input.locale}: ${a.text} and ${b.text} overlap`);
      }
    }
    const text = squash(layoutText(pdf));
    assert.ok(text.includes(squash(input.learnerName)));
    // (poppler puts the neutral characters of mixed Arabic and Latin text in its own order)
    if (input.dir === 'ltr') assert.ok(text.includes(squash(input.achievement)), input.locale);
  }
});

test('fonts: unicode ranges parse, and every character of the samples has a font', () => {
  assert.deepEqual(parseUnicodeRange('U+0000-00FF, U+0131,U+1f1e6-1f1ff,U+4??'), [
    [0x0, 0xff],
    [0x131, 0x131],
    [0x400, 0x4ff],
    [0x1f1e6, 0x1f1ff],
  ]);
  for (const input of Object.values(samples)) {
    const book = new FontBook(input.locale);
    for (const text of [
      input.learnerName,
      input.courseTitle,
      input.achievement,
      ...Object.values(input.labels),
    ]) {
      book.add(text, 400);
      book.add(text, 600);
    }
    assert.deepEqual(book.missing(), [], input.locale);
  }
  const book = new FontBook('en');
  book.add('A\u{10fffd}', 400);
  assert.deepEqual(book.missing(), ['\u{10fffd}']);
});
