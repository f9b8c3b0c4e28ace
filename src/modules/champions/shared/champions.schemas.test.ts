import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pageLinks } from './champions.presenter.ts';
import { z } from 'zod';
import {
  ChampionSearchQuery,
  isPlausibleDate,
  levelSatisfies,
  nextStage,
  readChampionForm,
  readInterestForm,
  splitList,
} from './champions.schemas.ts';
import type { CheckLevel } from '../champions.tables.ts';

describe('champions: which check level meets which requirement', () => {
  const CASES: [CheckLevel, CheckLevel, boolean][] = [
    ['basic', 'none', true],
    ['basic', 'basic', true],
    ['basic', 'standard', false],
    ['standard', 'basic', true],
    ['enhanced', 'standard', true],
    ['enhanced', 'enhanced_adult', false],
    ['enhanced_adult', 'enhanced', true],
    ['enhanced_adult', 'enhanced_adult', true],
    ['enhanced_adult', 'enhanced_child', false],
    ['enhanced_child', 'enhanced_adult', false],
    ['enhanced_child', 'enhanced_child', true],
    ['enhanced_adult', 'enhanced_adult_child', false],
    ['enhanced_adult_child', 'enhanced_adult', true],
    ['enhanced_adult_child', 'enhanced_child', true],
    ['enhanced_adult_child', 'enhanced_adult_child', true],
  ];
  for (const [held, required, expected] of CASES) {
    test(`a ${held} check ${expected ? 'meets' : 'does not meet'} a ${required} requirement`, () => {
      assert.equal(levelSatisfies(held, required), expected);
    });
  }
});

describe('champions: stages', () => {
  test('the pipeline runs interested → active; paused, left and active have no next stage', () => {
    assert.equal(nextStage('interested'), 'conversation');
    assert.equal(nextStage('role_offered'), 'checks');
    assert.equal(nextStage('induction'), 'active');
    assert.equal(nextStage('active'), null);
    assert.equal(nextStage('paused'), null);
    assert.equal(nextStage('left'), null);
  });
});

describe('champions: form helpers', () => {
  test('lists are split on commas, tidied and de-duplicated', () => {
    assert.deepEqual(splitList(' Urdu,  english ; English\nPolish,,'), ['Urdu', 'english', 'Polish']);
    assert.deepEqual(splitList(''), []);
  });

  test('dates must be real', () => {
    assert.equal(isPlausibleDate('2026-02-28'), true);
    assert.equal(isPlausibleDate('2026-02-29'), false);
    assert.equal(isPlausibleDate('26-2-1'), false);
  });

  test('the public form lists every problem at once, in page order, and keeps the input', () => {
    const result = readInterestForm({ fullName: '', interests: ['walking', 'not-real'], _csrf: 'secret' });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.deepEqual(Object.keys(result.errors), ['fullName', 'email', 'interests', 'availability', 'consent']);
      assert.deepEqual(result.values.interests, ['walking', 'not-real']);
      assert.equal(result.values._csrf, undefined);
    }
  });

  test('a phone number alone is enough contact', () => {
    const result = readInterestForm({
      fullName: 'Sam',
      phone: '07700 900982',
      interests: 'walking',
      availability: 'weekends',
      consent: 'yes',
    });
    assert.equal(result.ok, true);
  });

  test('search filters ignore values that are not offered and clamp the page', () => {
    const query = ChampionSearchQuery.parse({ stage: 'superuser', interest: 'walking', page: '-3' });
    assert.deepEqual(
      { stage: query.stage, interest: query.interest, page: query.page },
      { stage: '', interest: 'walking', page: 1 },
    );
  });

  test('page links keep the filters', () => {
    const query = ChampionSearchQuery.parse({ language: 'Urdu', page: '2' });
    const links = pageLinks('/x', query, 60);
    assert.equal(links.previous?.href, '/x?language=Urdu');
    assert.equal(links.next?.href, '/x?language=Urdu&page=3');
    assert.deepEqual([links.from, links.to], [26, 50]);
  });
});

describe('champions: forms read with a field missing altogether', () => {
  const Form = z.object({
    title: z.string().trim().min(1, 'Enter a title'),
    kind: z.enum(['a', 'b'], { error: 'Select a kind' }),
    notes: z.string().default(''),
    count: z.string().regex(/^\d+$/, 'Enter a number'),
  });

  test('a field the browser did not send counts as empty: its own message, never "expected string"', () => {
    const form = readChampionForm(Form, { _csrf: 'token', count: '2' });
    assert.equal(form.ok, false);
    assert.deepEqual(!form.ok && form.errors, { title: 'Enter a title', kind: 'Select a kind' });
    assert.ok(!form.ok && !('_csrf' in form.values));
  });

  test('fields with a default keep it, and good input reads as before', () => {
    assert.deepEqual(readChampionForm(Form, { title: ' Tea ', kind: 'a', count: '3' }), {
      ok: true,
      data: { title: 'Tea', kind: 'a', notes: '', count: '3' },
    });
  });

  test('a value zod cannot read at all (a list where one answer was expected) gets a plain message', () => {
    const form = readChampionForm(Form, { title: ['one', 'two'], kind: 'a', count: '1' });
    assert.equal(!form.ok && form.errors.title, 'Check this answer: it is not in a form we can read');
  });
});

describe('champions: the pipeline search by day and time of day', () => {
  test('keeps a known day and part of the day and drops anything else', () => {
    const query = ChampionSearchQuery.parse({ day: 'tue', part: 'morning', language: ' Urdu ' });
    assert.deepEqual([query.day, query.part, query.language], ['tue', 'morning', 'Urdu']);
    const junk = ChampionSearchQuery.parse({ day: 'someday', part: 'teatime' });
    assert.deepEqual([junk.day, junk.part], ['', '']);
    assert.equal(
      pageLinks('/x', ChampionSearchQuery.parse({ day: 'tue', part: 'morning', page: '2' }), 60).next?.href,
      '/x?day=tue&part=morning&page=3',
    );
  });

  test('the public form takes slots, still understands the first form’s coarse values, and refuses others', () => {
    const base = { fullName: 'Ada', phone: '07700 900982', interests: 'walking', consent: 'yes' };
    const slots = readInterestForm({ ...base, availability: ['tue_morning', 'weekends'] });
    assert.ok(slots.ok);
    assert.deepEqual(slots.ok && slots.data.availability, [
      'tue_morning',
      'sat_morning',
      'sat_afternoon',
      'sat_evening',
      'sun_morning',
      'sun_afternoon',
      'sun_evening',
    ]);
    const wrong = readInterestForm({ ...base, availability: 'teatime' });
    assert.equal(!wrong.ok && wrong.errors.availability, 'Select from the times listed');
  });
});
