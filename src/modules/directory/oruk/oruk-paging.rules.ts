// Paging and searching the ORUK read API's lists: pure helpers its repositories share.

/** Page position: 1-based number and size. */
export interface PageRequest {
  number: number;
  size: number;
}

/** A search text as an ILIKE pattern matching it anywhere, its wildcards escaped. */
export function likePattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (match) => `\\${match}`)}%`;
}

/** How many rows come before a page. */
export const offset = (page: PageRequest) => (page.number - 1) * page.size;
