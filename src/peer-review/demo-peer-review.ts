import type { FastifyInstance } from 'fastify';
import type { CoursePackage } from '../courses/package/types.ts';
import { findAssignment } from './peer-review-service.ts';

export const DEMO_WORKSHOP = 'reflection-workshop-demo';

/** Fictional peers who take part in the demo workshop's peer review. */
const PEERS = [
  { email: 'peer1@demo.praxis.invalid', name: 'Priya Peer (demo)', country: 'IN', locale: 'en' as const },
  { email: 'peer2@demo.praxis.invalid', name: 'Paulo Peer (demo)', country: 'BR', locale: 'en' as const },
  { email: 'peer3@demo.praxis.invalid', name: 'Park Peer (demo)', country: 'KR', locale: 'ko' as const },
];

const TEXTS = {
  graduate:
    'Our city wants to rank benefit claims by fraud risk. Before it goes live I would ask for an ethical impact assessment, a human caseworker who decides every flagged claim, and a plain-language notice telling claimants how to appeal.',
  peer1:
    'A hiring tool should be tested for disparate impact on every group we can measure, and the results published. If we cannot explain a rejection, we should not use the score.',
  peer2:
    'For a school chatbot I would keep conversation logs short, never use them for training without consent, and let teachers switch it off for their class.',
  peer3:
    '의료 영상 판독 보조 도구는 의사가 최종 판단을 내리도록 설계해야 하며, 오류가 보고되면 누구나 볼 수 있는 기록에 남겨야 합니다.',
  learner:
    'In my team we could start a register of the AI systems we use, with an owner for each and a yearly review of its risks.',
};

const en = (text: string, ko: string) => ({ en: text, ko });

/** A one-unit demo course: the reflection assignment learners peer-review. Fictional, like all demo data. */
function workshopPackage(): CoursePackage {
  return {
    slug: DEMO_WORKSHOP,
    title: en('Reflection workshop (demo)', '성찰 워크숍 (데모)'),
    summary: en(
      'A short demo course with one peer-reviewed reflection.',
      '동료 평가 성찰 과제 하나가 있는 짧은 데모 과정입니다.',
    ),
    audience: en('Anyone trying the demo.', '데모를 살펴보는 누구나.'),
    outcomes: {
      en: ['Give and receive a rubric-based review.'],
      ko: ['평가 기준표로 평가를 주고받을 수 있습니다.'],
    },
    languages: ['en', 'ko'],
    licence: 'CC-BY-SA-4.0',
    hours: 1,
    level: 'introductory',
    featured: false,
    completion: { unitsPercent: 90, averageScorePercent: 70 },
    tracks: [{ id: 'reflection', title: en('Reflection', '성찰'), modules: ['reflection-practice'] }],
    modules: [
      {
        id: 'reflection-practice',
        title: en('Reflecting on practice', '실천 돌아보기'),
        summary: en('Write about a safeguard and review peers.', '안전장치에 대해 쓰고 동료를 평가합니다.'),
        outcomes: { en: ['Propose a safeguard.'], ko: ['안전장치를 제안할 수 있습니다.'] },
        values: [],
        principles: ['human-oversight'],
        policyAreas: [],
        glossary: [],
        references: [],
        units: [
          {
            id: 'reflection-safeguards',
            moduleId: 'reflection-practice',
            minutes: 20,
            kind: 'lesson',
            values: [],
            principles: ['human-oversight'],
            policyAreas: [],
            texts: {
              en: {
                title: 'A safeguard you would add',
                body: '## Your reflection\n\nThink of an AI system near you and the safeguard it most needs.',
              },
              ko: {
                title: '더하고 싶은 안전장치',
                body: '## 나의 성찰\n\n가까이 있는 AI 시스템과 그 시스템에 가장 필요한 안전장치를 떠올려 보세요.',
              },
            },
            exercises: [],
            peer: {
              id: 'safeguard-reflection',
              prompt: en(
                'Describe an AI system you know and the one safeguard you would add before it is used on people. Say why.',
                '알고 있는 AI 시스템 하나와, 사람에게 쓰이기 전에 더하고 싶은 안전장치 하나를 설명하고 그 이유를 쓰세요.',
              ),
              rubric: [
                {
                  id: 'safeguard',
                  title: en('The safeguard', '안전장치'),
                  levels: [
                    { id: 'vague', description: en('Vague or missing.', '모호하거나 없습니다.'), points: 0 },
                    { id: 'named', description: en('Named, not explained.', '이름만 있습니다.'), points: 1 },
                    {
                      id: 'concrete',
                      description: en('Concrete and workable.', '구체적이고 실행할 수 있습니다.'),
                      points: 2,
                    },
                  ],
                },
                {
                  id: 'reasons',
                  title: en('Reasons', '이유'),
                  levels: [
                    { id: 'none', description: en('No reasons.', '이유가 없습니다.'), points: 0 },
                    { id: 'some', description: en('Some reasons.', '이유가 조금 있습니다.'), points: 1 },
                    {
                      id: 'clear',
                      description: en(
                        'Clear reasons tied to people affected.',
                        '영향받는 사람과 연결된 분명한 이유입니다.',
                      ),
                      points: 2,
                    },
                  ],
                },
              ],
              reviewsPerLearner: 3,
              reviewsPerSubmission: 3,
              flexibleGradingDays: 7,
              points: 1,
            },
          },
        ],
      },
    ],
    media: {},
  };
}

const COMMENTS = [
  'Concrete and realistic. Say who would run the safeguard day to day.',
  'Good reasons. An example of a person affected would make it stronger.',
  'Clear. I would add how you would know the safeguard works.',
];

/**
 * Seeds the demo workshop: the demo graduate's reflection reviewed three times (a final grade), three
 * fictional peers with reviewed work, and the demo learner's reflection with its first review and
 * reviews still to give. Returns lines describing new accounts; nothing when the workshop exists.
 */
export async function seedDemoPeerReview(
  app: FastifyInstance,
  { password, learner, graduate }: { password: string; learner: string; graduate: string },
): Promise<string[]> {
  const { courses, identity, learning, peerReview } = app.services;
  if (await courses.version(DEMO_WORKSHOP)) return [];
  await courses.importPackage(workshopPackage(), { publish: true });
  const course = (await courses.version(DEMO_WORKSHOP))!;
  const { assignment } = findAssignment(course, 'safeguard-reflection')!;
  const lines: string[] = [];
  const peers: string[] = [];
  for (const person of PEERS) {
    const existing = await identity.findByEmail(person.email);
    peers.push(existing ? existing.id : (await identity.addUser({ ...person, roles: [], password })).id);
    lines.push(
      `${person.email.padEnd(32)} ${existing ? '(already existed; password unchanged)' : password}  learner: a peer in the reflection workshop`,
    );
  }
  const authors: [string, string][] = [
    [graduate, TEXTS.graduate],
    [peers[0]!, TEXTS.peer1],
    [peers[1]!, TEXTS.peer2],
    [peers[2]!, TEXTS.peer3],
  ];
  for (const [id, text] of authors) {
    await learning.enroll(id, DEMO_WORKSHOP);
    await peerReview.submit(id, course, assignment, text);
  }
  // Four learners, three reviews each: every one of them reviews the three others, so all four texts
  // reach three reviews and a final grade.
  let turn = 0;
  for (let round = 0; round < 3; round++) {
    for (const [id] of authors) {
      const outcome = await peerReview.requestReview(id, course, assignment);
      if (outcome.status !== 'assigned') continue;
      const best = turn % 3 !== 2;
      await peerReview.completeReview(id, course, assignment, outcome.reviewId, {
        'criterion-safeguard': best ? 'concrete' : 'named',
        'criterion-reasons': turn % 2 ? 'clear' : 'some',
        comment: COMMENTS[turn % COMMENTS.length],
      });
      turn++;
    }
  }
  // The demo learner submits last: two reviews arrive, one more is on the way, and reviews are asked of them.
  await learning.enroll(learner, DEMO_WORKSHOP);
  await peerReview.submit(learner, course, assignment, TEXTS.learner);
  const early: [string, string][] = [
    [peers[0]!, 'A register is a practical first step. Who reviews it each year?'],
    [graduate, 'Clear and doable. Say which risks the yearly review looks at.'],
  ];
  for (const [reviewer, comment] of early) {
    const outcome = await peerReview.requestReview(reviewer, course, assignment);
    if (outcome.status !== 'assigned') continue;
    await peerReview.completeReview(reviewer, course, assignment, outcome.reviewId, {
      'criterion-safeguard': 'concrete',
      'criterion-reasons': 'some',
      comment,
    });
  }
  lines.push(
    '',
    'Reflection workshop (demo): the graduate has a peer-graded reflection; the learner has two reviews and reviews to give.',
  );
  return lines;
}
