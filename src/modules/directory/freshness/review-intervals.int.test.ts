import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { signIn } from '../../../../test/helpers/agent.ts';
import { buildService } from '../../../../test/helpers/directory.ts';
import { sampleServiceRecord } from '../../../../test/helpers/directory-factories.ts';
import { buildPerson, buildPractice } from '../../../../test/helpers/factories.ts';
import { testWorld } from '../../../../test/helpers/test-app.ts';
import { newId } from '../../../lib/ids.ts';
import { runFreshnessSweep } from './freshness.jobs.ts';
import { importOruk } from '../oruk/oruk-import.service.ts';
import { presentService } from '../oruk/oruk.presenter.ts';
import { FIVE_WAYS_TAXONOMY } from '../shared/taxonomies.rules.ts';
import { seedTaxonomies } from '../shared/taxonomies.repo.ts';

const DAY = 86_400_000;

describe('review intervals per taxonomy', () => {
  test('a system administrator sets a taxonomy’s interval; restarts and imports keep it; due dates and the sweep follow it', async () => {
    const { app, config } = await testWorld();
    const admin = await buildPerson(app.db, { admin: true, totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', config });
    const agent = await signIn(app, admin);
    const original = (
      await app.db
        .selectFrom('dir_taxonomies')
        .select('review_months')
        .where('id', '=', FIVE_WAYS_TAXONOMY.id)
        .executeTakeFirstOrThrow()
    ).review_months;
    try {
      const practice = await buildPractice(app.db);
      const checked = new Date(Date.now() - 100 * DAY);
      const serviceId = await buildService(app.db, {
        ownerId: practice,
        name: 'Five ways walk',
        lastVerifiedAt: checked,
        reviewDueAt: new Date(checked.getTime() + 182 * DAY),
        needs: [FIVE_WAYS_TAXONOMY.terms[0]?.id as string],
      });

      const list = await agent.get('/directory/taxonomies');
      assert.equal(list.statusCode, 200);
      assert.match(list.body, new RegExp(`Five Ways to Wellbeing[\\s\\S]*?${original} months`));
      const url = `/directory/taxonomies/${FIVE_WAYS_TAXONOMY.id}`;
      for (const bad of ['0', '37', 'three', '2.5', '']) {
        const refused = await agent.postForm(url, { reviewMonths: bad });
        assert.equal(refused.statusCode, 400, bad);
        assert.match(refused.body, /Enter a number of months from 1 to 36/);
        assert.match(
          refused.body,
          new RegExp(`name="reviewMonths" type="text" value="${bad}"|value="${bad}"`),
          'the input is kept',
        );
      }
      const saved = await agent.postForm(url, { reviewMonths: '2' });
      assert.equal(saved.headers.location, '/directory/taxonomies?done=saved');
      const audit = await app.db
        .selectFrom('audit_events')
        .select('details')
        .where('action', '=', 'directory.review-interval-set')
        .where('subject_id', '=', FIVE_WAYS_TAXONOMY.id)
        .orderBy('at', 'desc')
        .executeTakeFirstOrThrow();
      assert.deepEqual(
        { from: (audit.details as { from: number }).from, to: (audit.details as { to: number }).to },
        { from: original, to: 2 },
      );

      // The entry's next check moved to two months after its last one, so tonight's sweep opens a task.
      const due = await app.db
        .selectFrom('dir_services')
        .select('review_due_at')
        .where('id', '=', serviceId)
        .executeTakeFirstOrThrow();
      assert.ok(due.review_due_at && due.review_due_at.getTime() < Date.now(), 'due already');
      await runFreshnessSweep(app.db);
      assert.ok(
        await app.db
          .selectFrom('dir_verification_tasks')
          .select('id')
          .where('service_id', '=', serviceId)
          .where('status', '=', 'open')
          .executeTakeFirst(),
      );

      // A restart (and the CLI import) seed the taxonomies again: the interval stays.
      await seedTaxonomies(app.db);
      const kept = await app.db
        .selectFrom('dir_taxonomies')
        .select('review_months')
        .where('id', '=', FIVE_WAYS_TAXONOMY.id)
        .executeTakeFirstOrThrow();
      assert.equal(kept.review_months, 2);
    } finally {
      await app.db
        .updateTable('dir_taxonomies')
        .set({ review_months: original })
        .where('id', '=', FIVE_WAYS_TAXONOMY.id)
        .execute();
    }
  });

  test('only system administrators may see or set intervals', async () => {
    const { app } = await testWorld();
    const practice = await buildPractice(app.db);
    const manager = await signIn(app, await buildPerson(app.db, { roles: [[practice, 'practice_manager']] }));
    assert.equal((await manager.get('/directory/taxonomies')).statusCode, 403);
    assert.equal(
      (await manager.postForm(`/directory/taxonomies/${FIVE_WAYS_TAXONOMY.id}`, { reviewMonths: '1' })).statusCode,
      403,
    );
    const row = await app.db
      .selectFrom('dir_taxonomies')
      .select('review_months')
      .where('id', '=', FIVE_WAYS_TAXONOMY.id)
      .executeTakeFirstOrThrow();
    assert.notEqual(row.review_months, 1);
  });

  test('a taxonomy first met in an import is checked every 3 months until set, and a re-import keeps what was set', async () => {
    const { app, config } = await testWorld();
    const practice = await buildPractice(app.db);
    const taxonomyId = newId();
    const record = sampleServiceRecord();
    const feed = presentService(record);
    const termId = newId();
    feed.attributes = [
      {
        id: newId(),
        link_id: record.id,
        link_type: 'service',
        taxonomy_term_id: termId,
        taxonomy_term: {
          id: termId,
          name: 'Gardening',
          description: 'Growing things together',
          taxonomy: 'Local activities',
          taxonomy_id: taxonomyId,
        },
      },
    ];
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'oruk-taxonomy-')), 'service.json');
    await writeFile(file, JSON.stringify(feed));
    const first = await importOruk(app.db, file, { ownerOrganisationId: practice });
    assert.deepEqual({ created: first.created, failed: first.failed }, { created: 1, failed: [] });
    const imported = await app.db
      .selectFrom('dir_taxonomies')
      .select(['name', 'review_months'])
      .where('id', '=', taxonomyId)
      .executeTakeFirstOrThrow();
    assert.deepEqual(imported, { name: 'Local activities', review_months: 3 });
    const term = await app.db
      .selectFrom('dir_taxonomy_terms')
      .select('taxonomy_id')
      .where('id', '=', termId)
      .executeTakeFirstOrThrow();
    assert.equal(term.taxonomy_id, taxonomyId);

    const admin = await signIn(
      app,
      await buildPerson(app.db, { admin: true, totpSecret: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', config }),
    );
    assert.equal((await admin.postForm(`/directory/taxonomies/${taxonomyId}`, { reviewMonths: '12' })).statusCode, 303);
    await importOruk(app.db, file, { ownerOrganisationId: practice });
    await seedTaxonomies(app.db);
    assert.equal(
      (
        await app.db
          .selectFrom('dir_taxonomies')
          .select('review_months')
          .where('id', '=', taxonomyId)
          .executeTakeFirstOrThrow()
      ).review_months,
      12,
    );
    assert.equal((await admin.get('/directory/taxonomies/not-a-taxonomy')).statusCode, 404);
  });
});
