import { trustedScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import { clearanceFor } from '../../champions/index.ts';
import { listRolesNeeded } from './session-people.service.ts';
import type { SessionRecordInput } from './session-record.rules.ts';
import type { RawRecord } from './session-record.schemas.ts';

// "Another champion helped": recording who was really there is a fact, so the record screen
// lets a lead add champions who had no place on the rota. The rota's rule still holds, though:
// only cleared champions take a place, so someone added as a helper must be cleared for at
// least one role the session needs (as they would have to be to take a place in it). Champions
// on the rota, or recorded at this session before, were accepted then and are not checked again.

/** Who the record screen already lists (the rota, and anyone recorded at the session before). */
export interface KnownHelpers {
  rows: readonly { championId: string; name: string }[];
  /** Every champion the record may name, with their names (the screen's rules). */
  names: ReadonlyMap<string, string>;
}

/** Why one helper may not be recorded, naming what is missing for each role. */
export function helperRefusal(name: string, refusals: readonly { role: string; missing: readonly string[] }[]): string {
  if (refusals.length === 1) {
    const [only] = refusals;
    return `${name} cannot be recorded as helping: they are not cleared for the ${only?.role} role yet. Missing: ${only?.missing.join('; ')}`;
  }
  const reasons = refusals.map((refusal) => `${refusal.role}: ${refusal.missing.join('; ')}`).join('. ');
  return `${name} cannot be recorded as helping: they are not cleared for any role this activity needs. Missing for ${reasons}`;
}

/**
 * Checks the champions a record adds as helpers against the roles the session needs: each
 * must be cleared for at least one of them. Returns field errors (keyed as the form names the
 * helper's field) or null when every helper may be recorded. A session that needs no role
 * asks nothing more of its helpers than being an active champion of the practice.
 */
export async function helperClearanceErrors(
  db: Executor,
  session: { id: string; activity_id: string; organisation_id: string },
  known: KnownHelpers,
  record: Pick<SessionRecordInput, 'champions'>,
  raw: Pick<RawRecord, 'champions'>,
): Promise<FieldErrors | null> {
  const listed = new Set(known.rows.map((row) => row.championId));
  const added = record.champions.filter((time) => !listed.has(time.championId));
  if (added.length === 0) {
    return null;
  }
  const scope = trustedScope([session.organisation_id], 'linked');
  const roles = await listRolesNeeded(db, scope, session);
  if (roles.length === 0) {
    return null;
  }
  const errors: FieldErrors = {};
  for (const helper of added) {
    const refusals: { role: string; missing: string[] }[] = [];
    let cleared = false;
    for (const role of roles) {
      const clearance = await clearanceFor(db, scope, helper.championId, role.id);
      if (clearance.cleared) {
        cleared = true;
        break;
      }
      refusals.push({ role: role.name, missing: clearance.missing });
    }
    if (!cleared) {
      const field =
        raw.champions.find((time) => time.championId === helper.championId)?.field ?? `hours-${helper.championId}`;
      errors[field] = helperRefusal(known.names.get(helper.championId) ?? 'This champion', refusals);
    }
  }
  return Object.keys(errors).length > 0 ? errors : null;
}
