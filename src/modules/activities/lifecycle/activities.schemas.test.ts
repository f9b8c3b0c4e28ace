import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { withDateField } from '../../../lib/dates.ts';
import { ActivityForm, StatusForm, normalisePostcode, pounds } from './activities.schemas.ts';
import { RiskAssessmentForm } from '../risk-assessment/risk-assessment.schemas.ts';

const ROLE = '0190f3a2-7c4e-7d1a-8b2c-1234567890ab';
const proposal = {
  intent: 'proposal',
  name: 'Ukulele for beginners',
  description: 'Learn three chords and play together.',
  category: 'creative-learning',
  fiveWays: ['keep-learning', 'connect'],
  deliveryMode: 'group',
  venueName: 'Community room',
  referralRoutes: ['self', 'reception'],
  howToJoin: 'Just turn up.',
};
const TEXT_FIELDS = [
  'name',
  'description',
  'targetGroups',
  'venueName',
  'venueAddress',
  'costNote',
  'howToJoin',
  'accessibilityNotes',
  'namedRegisterReason',
] as const;
const anyValue = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.constantFrom('\u0000', 'a\u0000b', '\u0007bell', '', ' ', 'yes', 'paid', ROLE, 'LS28 7AA'),
);

describe('the proposal form', () => {
  test('"Save as idea" needs only a name; "Submit proposal" needs the whole proposal', () => {
    assert.ok(ActivityForm.safeParse({ intent: 'idea', name: 'Knit and natter' }).success);
    const bare = ActivityForm.safeParse({ intent: 'proposal', name: 'Knit and natter' });
    assert.ok(!bare.success);
    const fields = new Set(bare.error.issues.map((issue) => issue.path.join('.')));
    for (const field of [
      'description',
      'category',
      'fiveWays',
      'deliveryMode',
      'venueName',
      'referralRoutes',
      'howToJoin',
    ]) {
      assert.ok(fields.has(field), `${field} is required for a proposal`);
    }
    const parsed = ActivityForm.parse({
      ...proposal,
      cost: 'paid',
      costPounds: '£2.50',
      capacity: '15',
      venuePostcode: 'ls287aa',
      targetGroups: 'older people, carers, older people',
      [`places-${ROLE}`]: '2',
    });
    assert.equal(parsed.costPence, 250);
    assert.equal(parsed.capacity, 15);
    assert.equal(parsed.venuePostcode, 'LS28 7AA');
    assert.deepEqual(parsed.targetGroups, ['older people', 'carers']);
    assert.deepEqual(parsed.places, { [ROLE]: 2 });
  });

  test('bad values are named against their fields', () => {
    const result = ActivityForm.safeParse({
      ...proposal,
      venuePostcode: 'NOT A CODE',
      cost: 'paid',
      costPounds: 'free-ish',
      capacity: '0',
      category: 'juggling',
      [`places-${ROLE}`]: '51',
    });
    assert.ok(!result.success);
    const fields = result.error.issues.map((issue) => issue.path.join('.'));
    for (const field of ['venuePostcode', 'costPounds', 'capacity', 'category', `places-${ROLE}`]) {
      assert.ok(fields.includes(field), `${field} is refused`);
    }
  });

  test('NUL and other control characters are stripped from text; newlines stay in paragraphs only', () => {
    const parsed = ActivityForm.parse({
      ...proposal,
      name: 'Walk\u0000 and\ttalk\u0007',
      description: 'Line one\r\nLine\u0000 two\u001b',
    });
    assert.equal(parsed.name, 'Walk and talk');
    assert.equal(parsed.description, 'Line one\nLine two');
  });

  test('property: any input is either refused or read into clean text, and reading never throws', () => {
    const fields = fc.record(
      Object.fromEntries(
        [
          ...TEXT_FIELDS,
          'intent',
          'category',
          'deliveryMode',
          'fiveWays',
          'referralRoutes',
          'cost',
          'costPounds',
          'capacity',
          'public',
          'venuePostcode',
          'staffSponsorUserId',
          'hostIds',
          `places-${ROLE}`,
        ].map((field) => [field, anyValue]),
      ),
      { requiredKeys: [] },
    );
    fc.assert(
      fc.property(fields, (input) => {
        const result = ActivityForm.safeParse(input);
        if (result.success) {
          for (const field of TEXT_FIELDS) {
            const value = result.data[field];
            const texts = Array.isArray(value) ? value : [value ?? ''];
            for (const text of texts) {
              assert.doesNotMatch(text, /[\u0000-\u0008\u000b-\u001f\u007f]/, `${field} is clean`);
            }
          }
          assert.ok(result.data.name.length >= 1 && result.data.name.length <= 120);
          assert.ok(result.data.costPence >= 0 && result.data.costPence <= 100_000);
        }
      }),
      { numRuns: 400 },
    );
  });

  test('property: any amount from 1p to £1,000 reads back as the same pence', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 100_000 }),
        (pence) => pounds((pence / 100).toFixed(2)) === pence && pounds(`£${(pence / 100).toFixed(2)}`) === pence,
      ),
    );
    assert.equal(pounds('0'), null);
    assert.equal(pounds('1000.01'), null);
  });

  test('property: a normalised postcode normalises to itself', () => {
    const postcode = fc
      .tuple(
        fc.constantFrom('LS', 'B', 'M', 'EC', 'W'),
        fc.integer({ min: 1, max: 99 }),
        fc.integer({ min: 0, max: 9 }),
        fc.constantFrom('AA', 'BD', 'ZZ'),
      )
      .map(([area, district, sector, unit]) => `${area}${district}${sector}${unit}`);
    fc.assert(
      fc.property(postcode, (code) => {
        const once = normalisePostcode(code.toLowerCase());
        return once !== null && normalisePostcode(once) === once && / \d[A-Z]{2}$/.test(once);
      }),
    );
  });

  test('a date input makes one ISO date, "invalid" for an impossible one, and "" when left empty', () => {
    assert.equal(withDateField({ 'd[day]': '14', 'd[month]': '3', 'd[year]': '2027' }, 'd').d, '2027-03-14');
    assert.equal(withDateField({ 'd[day]': '30', 'd[month]': '2', 'd[year]': '2027' }, 'd').d, 'invalid');
    assert.equal(withDateField({ 'd[day]': ['1'], 'd[month]': '2', 'd[year]': '2027' }, 'd').d, 'invalid');
    assert.equal(withDateField({}, 'd').d, '');
  });
});

describe('the status and risk assessment forms', () => {
  test('closing needs a reason; other moves do not', () => {
    assert.ok(!StatusForm.safeParse({ to: 'closed', note: '  ' }).success);
    assert.ok(StatusForm.safeParse({ to: 'closed', note: 'Nobody came after the venue moved' }).success);
    assert.ok(StatusForm.safeParse({ to: 'approved' }).success);
    assert.ok(!StatusForm.safeParse({ to: 'risk_assessed' }).success, 'risk assessment has its own form');
  });

  test('the review date must be on or after the assessment date', () => {
    const base = {
      hazards: 'Trip hazards',
      controls: 'Clear the floor',
      safeguarding: 'Lead knows the safeguarding lead',
      loneWorking: 'Always two',
      insurance: 'Practice liability cover',
    };
    const early = RiskAssessmentForm.safeParse({ ...base, assessedOn: '2026-03-14', reviewOn: '2026-03-13' });
    assert.ok(!early.success);
    assert.deepEqual(
      early.error.issues.map((issue) => issue.path.join('.')),
      ['reviewOn'],
    );
    assert.ok(RiskAssessmentForm.safeParse({ ...base, assessedOn: '2026-03-14', reviewOn: '2026-03-14' }).success);
    const empty = RiskAssessmentForm.safeParse({ hazards: '\u0000', assessedOn: 'invalid', reviewOn: '' });
    assert.ok(!empty.success);
    assert.deepEqual([...new Set(empty.error.issues.map((issue) => issue.path.join('.')))].sort(), [
      'assessedOn',
      'controls',
      'hazards',
      'insurance',
      'loneWorking',
      'reviewOn',
      'safeguarding',
    ]);
  });
});
