import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { readForm } from '../../../platform/http/forms.ts';
import { IntroductionForm, normaliseContact, routeForRoles } from './introductions.schemas.ts';
import { withDateFields } from '../reviews/reviews.schemas.ts';

describe('introduction form', () => {
  test('a UK phone number or an email address, nothing else', () => {
    for (const good of ['07700 900 123', '07700900123', '+44 7700 900123', '(0113) 496 0000', '0113-496-0000']) {
      assert.equal(normaliseContact(good), good.replace(/\s+/g, ' '), good);
    }
    assert.equal(normaliseContact('  Flo@Example.ORG '), 'flo@example.org');
    for (const bad of [
      '',
      'ring the bell',
      '123',
      '07700 900',
      '+1 555 0100 9999',
      'flo@',
      '@example.org',
      'flo@example',
      'a b@example.org',
      `${'x'.repeat(250)}@example.org`,
    ]) {
      assert.equal(normaliseContact(bad), null, bad);
    }
  });

  test('never throws, and anything accepted is a phone number or an email address', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (text) => {
        const contact = normaliseContact(text);
        assert.ok(contact === null || contact.includes('@') || /^[+\d()\s.-]+$/.test(contact));
      }),
    );
  });

  test('consent, a first name in letters and a route are required', () => {
    const ok = readForm(IntroductionForm, {
      firstName: ' Zoë ',
      contact: '07700 900 123',
      route: 'gp',
      consent: 'yes',
    });
    assert.deepEqual(ok, {
      ok: true,
      data: { firstName: 'Zoë', contact: '07700 900 123', route: 'gp', consent: 'yes' },
    });
    const bad = readForm(IntroductionForm, { firstName: 'R2D2', contact: 'no', route: 'post', _csrf: 'token' });
    assert.equal(bad.ok, false);
    if (!bad.ok) {
      assert.deepEqual(Object.keys(bad.errors).sort(), ['consent', 'contact', 'firstName', 'route']);
      assert.deepEqual(bad.values, { firstName: 'R2D2', contact: 'no', route: 'post' });
    }
    assert.equal(
      readForm(IntroductionForm, { firstName: "Mary-Jane O'Neil", contact: 'a@b.co', route: 'self', consent: 'yes' })
        .ok,
      true,
    );
  });

  test('the route from a person’s roles', () => {
    assert.equal(routeForRoles(['receptionist']), 'reception');
    assert.equal(routeForRoles(['clinician', 'safeguarding_lead']), 'gp');
    assert.equal(routeForRoles(['link_worker', 'receptionist']), 'link_worker');
    assert.equal(routeForRoles(['coordinator']), null);
  });

  test('date fields are joined, or marked invalid', () => {
    assert.deepEqual(withDateFields({ 'd[day]': '3', 'd[month]': '2', 'd[year]': '2027' }, ['d']).d, '2027-02-03');
    assert.equal(withDateFields({ 'd[day]': '31', 'd[month]': '2', 'd[year]': '2027' }, ['d']).d, 'invalid');
    assert.equal(withDateFields({ 'd[day]': '1', 'd[month]': '2', 'd[year]': '27' }, ['d']).d, 'invalid');
    assert.equal(withDateFields({ 'd[day]': ['1'], 'd[month]': '2', 'd[year]': '2027' }, ['d']).d, 'invalid');
    assert.equal(withDateFields({}, ['d']).d, undefined);
  });
});
