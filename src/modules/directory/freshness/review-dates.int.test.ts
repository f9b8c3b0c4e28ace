import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { DateTime } from 'luxon';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildService } from '../../../../test/helpers/directory.ts';
import { sampleServiceRecord } from '../../../../test/helpers/directory-factories.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { recordVerification } from './freshness.repo.ts';
import { runFreshnessSweep } from './freshness.jobs.ts';
import { importOruk } from '../oruk/oruk-import.service.ts';
import { presentService } from '../oruk/oruk.presenter.ts';
import { submitFormWith } from '../services/service-form.fixtures.ts';
import { FIVE_WAYS_TAXONOMY, NEEDS_TAXONOMY } from '../shared/taxonomies.rules.ts';

// When an entry is next due for checking follows what it is tagged with and when it was last
// checked or assured: a change of needs reschedules it, and an import counts from the feed's
// assured_date rather than from the day of the import.

const DAY = 86_400_000;

/** A date `days` ago in the UK, as ORUK's assured_date (YYYY-MM-DD). */
function ukDateDaysAgo(days: number): string {
  return DateTime.now().setZone('Europe/London').minus({ days }).toISODate() ?? assert.fail('no date');
}

/** Fails unless `actual` is within a day of `expected` (month lengths and clock changes aside). */
function assertAbout(actual: Date | null, expected: Date, what: string): void {
  assert.ok(actual, `${what}: no review date`);
  assert.ok(
    Math.abs(actual.getTime() - expected.getTime()) <= DAY,
    `${what}: due ${actual.toISOString()}, expected about ${expected.toISOString()}`,
  );
}

async function intervalOf(taxonomyId: string): Promise<number> {
  const { app } = await testWorld();
  return (
    await app.db
      .selectFrom('dir_taxonomies')
      .select('review_months')
      .where('id', '=', taxonomyId)
      .executeTakeFirstOrThrow()
  ).review_months;
}

async function reviewOf(serviceId: string) {
  const { app } = await testWorld();
  return app.db
    .selectFrom('dir_services')
    .select(['review_due_at', 'stale', 'last_verified_at'])
    .where('id', '=', serviceId)
    .executeTakeFirstOrThrow();
}

describe('review dates follow an entry’s needs and when it was last checked or assured', () => {
  test('a staff edit that changes the needs moves the next check to the shortest interval of its taxonomies, from the last check', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const [needsMonths, fiveWaysMonths] = [
      await intervalOf(NEEDS_TAXONOMY.id),
      await intervalOf(FIVE_WAYS_TAXONOMY.id),
    ];
    assert.ok(needsMonths < fiveWaysMonths, 'needs are checked more often than Five Ways activities');
    const checked = new Date(Date.now() - 100 * DAY);
    const inMonths = (months: number) => DateTime.fromJSDate(checked).plus({ months }).toJSDate();
    const fiveWaysTerm = FIVE_WAYS_TAXONOMY.terms[0]?.id ?? assert.fail('no term');
    const serviceId = await buildService(app.db, {
      ownerId: practice,
      name: 'Pudsey park walk',
      lastVerifiedAt: checked,
      reviewDueAt: inMonths(fiveWaysMonths),
      needs: [fiveWaysTerm],
    });
    const manager = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'practice_manager']] }));
    const editUrl = `/directory/services/${serviceId}/edit`;

    const needTerm = NEEDS_TAXONOMY.terms[0]?.id ?? assert.fail('no need');
    assert.equal((await submitFormWith(manager, editUrl, { needs: [needTerm] })).statusCode, 303);
    const withNeed = await reviewOf(serviceId);
    assertAbout(withNeed.review_due_at, inMonths(needsMonths), 'with a need');
    assert.ok(
      withNeed.review_due_at && withNeed.review_due_at.getTime() < Date.now(),
      'checked 100 days ago, so it is due now',
    );
    await runFreshnessSweep(app.db);
    assert.equal((await reviewOf(serviceId)).stale, true, 'tonight’s sweep asks for a check');
    assert.ok(
      await app.db
        .selectFrom('dir_verification_tasks')
        .select('id')
        .where('service_id', '=', serviceId)
        .where('status', '=', 'open')
        .executeTakeFirst(),
    );

    assert.equal((await submitFormWith(manager, editUrl, { needs: [] })).statusCode, 303);
    const withoutNeed = await reviewOf(serviceId);
    assertAbout(withoutNeed.review_due_at, inMonths(fiveWaysMonths), 'without the need');
    assert.equal(withoutNeed.stale, true, 'an entry marked as needing a check stays so until it is checked');
  });

  test('an import counts the next check from the feed’s assured_date, and a re-import with a newer one moves it', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const months = await intervalOf(NEEDS_TAXONOMY.id);
    const record = sampleServiceRecord({ assuredDate: ukDateDaysAgo(200), attributes: [] });
    const feed = presentService({
      ...record,
      attributes: [{ id: newId(), taxonomyTermId: NEEDS_TAXONOMY.terms[2]?.id ?? '', term: null }],
    });
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'oruk-assured-')), 'service.json');
    const dueFrom = (assured: string) =>
      DateTime.fromISO(assured, { zone: 'Europe/London' }).plus({ months }).toJSDate();

    await writeFile(file, JSON.stringify(feed));
    const first = await importOruk(app.db, file, { ownerOrganisationId: practice });
    assert.deepEqual({ created: first.created, failed: first.failed }, { created: 1, failed: [] });
    assertAbout((await reviewOf(record.id)).review_due_at, dueFrom(ukDateDaysAgo(200)), 'first import');
    await runFreshnessSweep(app.db);
    assert.equal(
      (await reviewOf(record.id)).stale,
      true,
      'assured 200 days ago: due for a check straight away, not in three months',
    );

    await writeFile(file, JSON.stringify({ ...feed, assured_date: ukDateDaysAgo(10) }));
    const second = await importOruk(app.db, file, { ownerOrganisationId: practice });
    assert.equal(second.updated, 1);
    assertAbout((await reviewOf(record.id)).review_due_at, dueFrom(ukDateDaysAgo(10)), 'a newer assured date');

    // Our own check today is later than anything the feed says: a re-import does not undo it.
    const now = new Date();
    await recordVerification(app.db, {
      serviceId: record.id,
      method: 'phone',
      at: now,
      userId: null,
      email: null,
      outcome: 'Details confirmed',
    });
    await writeFile(
      file,
      JSON.stringify({ ...feed, name: `${record.name} (renamed)`, assured_date: ukDateDaysAgo(10) }),
    );
    assert.equal((await importOruk(app.db, file, { ownerOrganisationId: practice })).updated, 1);
    const checkedHere = await reviewOf(record.id);
    assertAbout(checkedHere.review_due_at, DateTime.fromJSDate(now).plus({ months }).toJSDate(), 'after our own check');
    assert.equal(checkedHere.stale, false);
  });
});
