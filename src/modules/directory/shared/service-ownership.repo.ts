import type { Executor } from '../../../platform/db/transaction.ts';
import { isUuid } from '../../../lib/ids.ts';

// Who keeps a service: the few facts write checks and policies decide by, whoever may read it.

/** The owner of a service, whoever it is (for write checks), or undefined when there is none. */
export async function findServiceOwner(db: Executor, id: string): Promise<string | undefined> {
  if (!isUuid(id)) {
    return undefined;
  }
  const row = await db
    .selectFrom('dir_services')
    .select('owner_organisation_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.owner_organisation_id;
}

/** The few facts about a service that decide who may do what with it. */
export interface ServiceOwnership {
  id: string;
  name: string;
  ownerOrganisationId: string;
  status: string;
  published: boolean;
  /** The activity whose publishing keeps this entry in step, or null for entries kept in the directory itself. */
  sourceActivityId: string | null;
}

/** A service's owner and visibility, or undefined (also for ids that are not UUIDs). */
export async function findServiceOwnership(db: Executor, serviceId: string): Promise<ServiceOwnership | undefined> {
  if (!isUuid(serviceId)) {
    return undefined;
  }
  return db
    .selectFrom('dir_services')
    .select([
      'id',
      'name',
      'owner_organisation_id as ownerOrganisationId',
      'status',
      'published',
      'source_activity_id as sourceActivityId',
    ])
    .where('id', '=', serviceId)
    .executeTakeFirst();
}
