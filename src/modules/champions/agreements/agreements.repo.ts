import { sql } from 'kysely';
import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';

/** The newest version of each agreement kind in an organisation. */
export async function currentAgreements(db: Executor, scope: Scope, organisationId: string) {
  if (!scope.organisationIds.includes(organisationId)) {
    return [];
  }
  return db
    .selectFrom('champion_agreement_templates as t')
    .selectAll()
    .where('t.organisation_id', '=', organisationId)
    .where('t.version', '=', (eb) => eb.selectFrom('champion_agreement_templates as latest').select(sql<number>`max(latest.version)`.as('v')).whereRef('latest.organisation_id', '=', 't.organisation_id').whereRef('latest.kind', '=', 't.kind'))
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
    .select(['t.kind', 't.version', 's.agreement_template_id', 's.signed_at', 's.on_behalf', 's.note', 'users.display_name as signed_by_name'])
    .where('s.champion_id', '=', championId)
    .where('t.organisation_id', 'in', scope.organisationIds.length ? scope.organisationIds : ['00000000-0000-0000-0000-000000000000'])
    .execute();
  return current.map((template) => {
    const signed = signatures.find((signature) => signature.agreement_template_id === template.id);
    const earlier = signatures.some((signature) => signature.kind === template.kind && signature.version < template.version);
    return { template, signed: signed ?? null, needsNewSignature: !signed && earlier };
  });
}
