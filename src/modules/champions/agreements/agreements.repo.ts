import { type Insertable, sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { Database } from '../../../platform/db/schema.ts';
import { newId } from '../../../lib/ids.ts';
import { findChampion } from '../recruitment/recruitment.repo.ts';

/** The newest version of each agreement kind in an organisation. */
export async function currentAgreements(db: Executor, scope: Scope, organisationId: string) {
  if (!scope.organisationIds.includes(organisationId)) {
    return [];
  }
  return db
    .selectFrom('champion_agreement_templates as t')
    .selectAll()
    .where('t.organisation_id', '=', organisationId)
    .where('t.version', '=', (eb) =>
      eb
        .selectFrom('champion_agreement_templates as latest')
        .select(sql<number>`max(latest.version)`.as('v'))
        .whereRef('latest.organisation_id', '=', 't.organisation_id')
        .whereRef('latest.kind', '=', 't.kind'),
    )
    .orderBy('t.kind')
    .execute();
}

/** Each current agreement with whether the champion has signed this version (and how). */
export async function agreementsFor(db: Executor, scope: Scope, organisationId: string, championId: string) {
  const current = await currentAgreements(db, scope, organisationId);
  const signatures = await db
    .selectFrom('champion_agreement_signatures as s')
    .innerJoin('champion_agreement_templates as t', 't.id', 's.agreement_template_id')
    .leftJoin('users', 'users.id', 's.signed_by')
    .select([
      't.kind',
      't.version',
      's.agreement_template_id',
      's.signed_at',
      's.on_behalf',
      's.note',
      'users.display_name as signed_by_name',
    ])
    .where('s.champion_id', '=', championId)
    .where(
      't.organisation_id',
      'in',
      scope.organisationIds.length ? scope.organisationIds : ['00000000-0000-0000-0000-000000000000'],
    )
    .execute();
  return current.map((template) => {
    const signed = signatures.find((signature) => signature.agreement_template_id === template.id);
    const earlier = signatures.some(
      (signature) => signature.kind === template.kind && signature.version < template.version,
    );
    return { template, signed: signed ?? null, needsNewSignature: !signed && earlier };
  });
}

/** The newest version number of one agreement kind in an organisation (0 when there is none). */
export async function latestVersion(
  db: Executor,
  scope: Scope,
  organisationId: string,
  kind: Insertable<Database['champion_agreement_templates']>['kind'],
): Promise<number> {
  if (!scope.organisationIds.includes(organisationId)) {
    return 0;
  }
  const latest = await db
    .selectFrom('champion_agreement_templates')
    .select(sql<number>`coalesce(max(version), 0)`.as('v'))
    .where('organisation_id', '=', organisationId)
    .where('kind', '=', kind)
    .executeTakeFirst();
  return Number(latest?.v ?? 0);
}

/** Adds a version of an agreement's text to an organisation in scope. */
export async function insertAgreementVersion(
  db: Executor,
  scope: Scope,
  row: Insertable<Database['champion_agreement_templates']>,
): Promise<void> {
  if (scope.organisationIds.includes(row.organisation_id)) {
    await db.insertInto('champion_agreement_templates').values(row).execute();
  }
}

/** The email addresses of an organisation's active champions with a log-in that is not disabled. */
export async function activeChampionLogIns(
  db: Executor,
  scope: Scope,
  organisationId: string,
): Promise<{ email: string }[]> {
  if (!scope.organisationIds.includes(organisationId)) {
    return [];
  }
  return db
    .selectFrom('champions')
    .innerJoin('users', 'users.id', 'champions.user_id')
    .select('users.email')
    .where('champions.organisation_id', '=', organisationId)
    .where('champions.stage', '=', 'active')
    .where('users.disabled_at', 'is', null)
    .execute();
}

/** One agreement version of an organisation in scope. */
export async function findAgreementVersion(db: Executor, scope: Scope, organisationId: string, templateId: string) {
  return db
    .selectFrom('champion_agreement_templates')
    .selectAll()
    .where('id', '=', templateId)
    .where('organisation_id', '=', organisationId)
    .where('organisation_id', 'in', scope.organisationIds)
    .executeTakeFirst();
}

/** Records a signature: by the champion themselves, or by a coordinator on their behalf with a note. */
export async function insertSignature(
  db: Executor,
  scope: Scope,
  championId: string,
  templateId: string,
  signedBy: string,
  onBehalf: boolean,
  note: string,
): Promise<void> {
  if (!(await findChampion(db, scope, championId))) {
    return;
  }
  await db
    .insertInto('champion_agreement_signatures')
    .values({
      id: newId(),
      champion_id: championId,
      agreement_template_id: templateId,
      signed_by: signedBy,
      on_behalf: onBehalf,
      note,
      signed_at: sql<Date>`now()`,
    })
    .onConflict((conflict) => conflict.columns(['champion_id', 'agreement_template_id']).doNothing())
    .execute();
}
