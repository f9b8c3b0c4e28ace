import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { pageLinks } from './champions.presenter.ts';
import { ChampionSearchQuery, datePartsToIso, isIsoDate, levelSatisfies, nextStage, readInterestForm, splitList } from './champions.schemas.ts';
import type { CheckLevel } from './champions.tables.ts';

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
    assert.equal(isIsoDate('2026-02-28'), true);
    assert.equal(isIsoDate('2026-02-29'), false);
    assert.equal(isIsoDate('26-2-1'), false);
    assert.equal(datePartsToIso({ 'd[day]': '3', 'd[month]': '4', 'd[year]': '2026' }, 'd'), '2026-04-03');
    assert.equal(datePartsToIso({}, 'd'), '');
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
    const result = readInterestForm({ fullName: 'Sam', phone: '07700 900982', interests: 'walking', availability: 'weekends', consent: 'yes' });
    assert.equal(result.ok, true);
  });

  test('search filters ignore values that are not offered and clamp the page', () => {
    const query = ChampionSearchQuery.parse({ stage: 'superuser', interest: 'walking', page: '-3' });
    assert.deepEqual({ stage: query.stage, interest: query.interest, page: query.page }, { stage: '', interest: 'walking', page: 1 });
  });

  test('page links keep the filters', () => {
    const query = ChampionSearchQuery.parse({ language: 'Urdu', page: '2' });
    const links = pageLinks('/x', query, 60);
    assert.equal(links.previous?.href, '/x?language=Urdu');
    assert.equal(links.next?.href, '/x?language=Urdu&page=3');
    assert.deepEqual([links.from, links.to], [26, 50]);
  });
});
