import type { Kysely } from 'kysely';
import { newId } from '../../../lib/ids.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { ensureChampionDefaults } from '../settings/champion-defaults.service.ts';
import type { ChampionStage } from '../champions.tables.ts';

/** Test data only: a champion inserted straight into the database at a stage, with tags. */
export async function buildApplicant(
  db: Kysely<Database>,
  options: {
    organisationId: string;
    name?: string;
    email?: string | null;
    stage?: ChampionStage;
    interests?: string[];
    availability?: string[];
    languages?: string[];
    userId?: string | null;
  },
): Promise<string> {
  const id = newId();
  await db
    .insertInto('champions')
    .values({
      id,
      organisation_id: options.organisationId,
      display_name: options.name ?? `Applicant ${id.slice(-6)}`,
      email: options.email === undefined ? `applicant.${id.slice(-12)}@example.test` : options.email,
      phone: null,
      stage: options.stage ?? 'interested',
      user_id: options.userId ?? null,
    })
    .execute();
  const tags = [
    ...(options.interests ?? []).map((value) => ({ champion_id: id, kind: 'interest' as const, value })),
    ...(options.availability ?? []).map((value) => ({ champion_id: id, kind: 'availability' as const, value })),
    ...(options.languages ?? []).map((value) => ({ champion_id: id, kind: 'language' as const, value })),
  ];
  if (tags.length > 0) {
    await db.insertInto('champion_tags').values(tags).execute();
  }
  await db
    .insertInto('champion_stage_history')
    .values({
      id: newId(),
      champion_id: id,
      from_stage: null,
      to_stage: options.stage ?? 'interested',
      changed_by: null,
    })
    .execute();
  return id;
}

/** Test data only: the practice's role template with this name (defaults seeded first). */
export async function roleTemplateNamed(db: Kysely<Database>, organisationId: string, name: string): Promise<string> {
  await ensureChampionDefaults(db, organisationId);
  const row = await db
    .selectFrom('champion_role_templates')
    .select('id')
    .where('organisation_id', '=', organisationId)
    .where('name', '=', name)
    .executeTakeFirstOrThrow();
  return row.id;
}
