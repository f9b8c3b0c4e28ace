import type { AuditQuery } from '../shared/organisations.schemas.ts';

/** The links to the audit log pages either side of this one, keeping the filters. */
export function presentAuditPages(organisationId: string, query: AuditQuery, result: { page: number; pages: number }) {
  const filters = Object.entries(query).filter(([key, value]) => key !== 'page' && value !== undefined) as [
    string,
    string,
  ][];
  const pageHref = (page: number) =>
    `/organisations/${organisationId}/audit?${new URLSearchParams([...filters, ['page', String(page)]]).toString()}`;
  return {
    previous:
      result.page > 1
        ? { href: pageHref(result.page - 1), labelText: `${result.page - 1} of ${result.pages}` }
        : undefined,
    next:
      result.page < result.pages
        ? { href: pageHref(result.page + 1), labelText: `${result.page + 1} of ${result.pages}` }
        : undefined,
  };
}
