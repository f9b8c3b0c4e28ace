import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LogHoursForm, SessionHoursForm } from './hours.schemas.ts';
import { milestonesFor } from '../self-service/self-service.service.ts';
import { withDateField } from '../../../lib/dates.ts';

test('date inputs join into one ISO date, or "invalid" when not a real day', () => {
  assert.equal(withDateField({ 'd[day]': '6', 'd[month]': '4', 'd[year]': '2026' }, 'd').d, '2026-04-06');
  assert.equal(withDateField({ 'd[day]': '29', 'd[month]': '2', 'd[year]': '2026' }, 'd').d, 'invalid');
  assert.equal(withDateField({ 'd[day]': '29', 'd[month]': '2', 'd[year]': '2028' }, 'd').d, '2028-02-29');
  assert.equal(withDateField({}, 'd').d, '');
});

test('hours: at least a minute, at most a day', () => {
  const base = { workedOn: '2026-01-05', category: 'travel', description: 'Bus' };
  assert.equal(LogHoursForm.safeParse({ ...base, hours: '0', minutes: '0' }).success, false);
  assert.equal(LogHoursForm.safeParse({ ...base, hours: '24', minutes: '1' }).success, false);
  const parsed = LogHoursForm.parse({ ...base, hours: '', minutes: '45' });
  assert.equal(parsed.hours * 60 + parsed.minutes, 45);
});

test('ad hoc hours are preparation, directory research, travel or something else: never a session or a meeting', () => {
  const base = { workedOn: '2026-01-05', hours: '1', minutes: '0', description: 'Walk' };
  for (const category of ['preparation', 'directory_research', 'travel', 'other']) {
    assert.equal(LogHoursForm.safeParse({ ...base, category }).success, true, category);
  }
  for (const category of ['session', 'meeting', '']) {
    assert.equal(LogHoursForm.safeParse({ ...base, category }).success, false, category);
  }
});

test('hours at a session: a session chosen and between a minute and a day', () => {
  const sessionId = '01900000-0000-7000-8000-000000000001';
  assert.deepEqual(SessionHoursForm.parse({ sessionId, hours: '1', minutes: '30' }), {
    sessionId,
    hours: 1,
    minutes: 30,
  });
  assert.equal(SessionHoursForm.safeParse({ sessionId: 'not-a-session', hours: '1', minutes: '0' }).success, false);
  assert.equal(SessionHoursForm.safeParse({ sessionId, hours: '0', minutes: '0' }).success, false);
  assert.equal(SessionHoursForm.safeParse({ sessionId, hours: '24', minutes: '1' }).success, false);
});

test('milestones: reached ones and the next, by whole hours', () => {
  assert.deepEqual(milestonesFor(0), { reached: [], next: 10, minutesToNext: 600 });
  assert.deepEqual(milestonesFor(600), { reached: [10], next: 50, minutesToNext: 2400 });
  assert.deepEqual(milestonesFor(60_000), { reached: [10, 50, 100, 250, 500, 1000], next: null, minutesToNext: 0 });
});
