import type { Scope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import { roleTemplateNames } from '../../champions/index.ts';
import { findNextRotaPlaceRow } from '../contracts/work-counts.repo.ts';

/** A champion's next place on a rota, as their start page shows it. */
export interface NextRotaPlace {
  startsAt: Date;
  activityName: string;
  roleName: string;
}

/** The champion's soonest place on a scheduled session still to come, in the scope; null when they hold none. */
export async function findNextRotaPlace(db: Executor, scope: Scope, championId: string): Promise<NextRotaPlace | null> {
  const row = await findNextRotaPlaceRow(db, scope, championId);
  if (!row) {
    return null;
  }
  const [role] = await roleTemplateNames(db, [row.role_template_id]);
  return role ? { startsAt: row.starts_at, activityName: row.activity_name, roleName: role.name } : null;
}
