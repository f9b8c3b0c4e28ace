/** A practice manager invites a champion, who accepts from the emailed link. */
import assert from 'node:assert/strict';
import { newId } from '../../src/lib/ids.ts';
import { buildPerson, buildPractice } from '../helpers/factories.ts';
import {
  errorSummary,
  follow,
  heading,
  journey,
  linkFromOutbox,
  notice,
  signIn,
  submit,
  uniqueEmail,
  visit,
  world,
} from './helpers.ts';

journey(
  'invitations: the Canal Street manager invites a champion, who joins and then appears in People',
  async (session) => {
    // A practice of its own, with its manager and six champions.
    const { db } = world().app;
    const practice = `Canal Street Surgery ${newId().slice(-5)}`;
    const practiceId = await buildPractice(db, { name: practice });
    const managerPerson = await buildPerson(db, {
      roles: [[practiceId, 'practice_manager']],
      displayName: 'Priya Shah',
    });
    for (let index = 0; index < 6; index += 1) {
      await buildPerson(db, { roles: [[practiceId, 'champion']] });
    }
    const manager = await session.newPage();
    const email = uniqueEmail('new.champion');
    const name = `Nia Champion ${Date.now().toString(36)}`;

    await signIn(manager, managerPerson.email, { password: managerPerson.password });
    await follow(manager, 'People', 'header');
    assert.equal(await heading(manager), 'People and roles');
    const peopleUrl = manager.url();
    await follow(manager, 'Invite someone', 'main');
    assert.equal(await heading(manager), 'Invite someone');

    // Forgetting the role is caught, with the email kept.
    await manager.locator('#email').fill(email);
    await submit(manager, 'Send invitation');
    assert.equal((await errorSummary(manager)).length, 1);
    assert.equal(await manager.locator('#email').inputValue(), email);

    await manager.getByLabel('Practice health champion').check();
    await submit(manager, 'Send invitation');
    assert.equal(manager.url(), `${peopleUrl}?done=invited`);
    assert.match(await notice(manager), /Invitation sent\./);
    const waiting = manager.locator('table', { hasText: 'Invitations not yet accepted' });
    assert.match(await waiting.innerText(), new RegExp(email.replace(/[.]/g, '\\.')));

    // The invited person opens the emailed link in their own browser.
    const link = await linkFromOutbox(email, '/invitations/');
    const newcomer = await session.newPage();
    await visit(newcomer, link);
    assert.equal(await heading(newcomer), `Join ${practice}`);
    assert.match(await newcomer.locator('main').innerText(), /as a practice health champion/);

    await newcomer.locator('#displayName').fill(name);
    await newcomer.locator('#password').fill('too short');
    await newcomer.locator('#confirmPassword').fill('too short');
    await submit(newcomer, 'Create account and join');
    assert.deepEqual(await errorSummary(newcomer), ['Password must be 10 characters or more']);
    assert.equal(await newcomer.locator('#displayName').inputValue(), name, 'the name typed is kept');
    assert.equal(await newcomer.locator('#password').inputValue(), '');

    await newcomer.locator('#password').fill('lantern meadow biscuit');
    await newcomer.locator('#confirmPassword').fill('lantern meadow biscuit');
    await submit(newcomer, 'Create account and join');
    assert.match(new URL(newcomer.url()).pathname, /^\/organisations\/[0-9a-f-]{36}$/);
    assert.equal(await heading(newcomer), practice);
    assert.match(await newcomer.locator('.nhsuk-summary-list').innerText(), /Your roles\s+Practice health champion/);
    assert.match(await newcomer.locator('header').innerText(), new RegExp(name));

    // The link works once.
    const again = await session.newPage();
    await visit(again, link, 404);
    assert.equal(await heading(again), 'This invitation has expired or has already been used');

    // The manager now sees them among the people, no longer among the invitations.
    await visit(manager, peopleUrl);
    const people = manager.locator('table', { hasText: `People in ${practice}` });
    const row = people.locator('tr', { hasText: email });
    assert.match(await row.innerText(), new RegExp(`${name}[\\s\\S]*Practice health champion`));
    assert.equal(
      await manager
        .locator('table', { hasText: 'Invitations not yet accepted' })
        .locator('tr', { hasText: email })
        .count(),
      0,
    );

    // The practice page counts people by role (Canal Street has more than five champions now).
    await follow(manager, 'Back');
    assert.equal(await heading(manager), practice);
    const counts = manager.locator('table', { hasText: 'People by role' });
    assert.match(
      await counts.locator('tr', { hasText: 'Practice health champion' }).innerText(),
      /Practice health champion\s+\d+/,
    );
  },
);
