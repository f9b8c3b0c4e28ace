import { NotFoundError } from '../../../lib/errors.ts';
import type { ServiceView } from '../services/service-view.service.ts';

/**
 * Services chosen for printing that this person may see, in the order chosen. Entries they
 * may not see are left out; when none of the chosen entries may be seen the answer is
 * NotFound, as for each entry's own page, so the print view never confirms an entry exists.
 */
export async function printableViews(
  ids: readonly string[],
  canSee: (id: string) => Promise<boolean>,
  load: (id: string) => Promise<ServiceView>,
): Promise<ServiceView[]> {
  const views: ServiceView[] = [];
  for (const id of ids) {
    if (await canSee(id)) {
      views.push(await load(id));
    }
  }
  if (ids.length > 0 && views.length === 0) {
    throw new NotFoundError();
  }
  return views;
}
