import type { ChampionSearchQuery } from './champions.schemas.ts';
import { PAGE_SIZE } from './recruitment.repo.ts';

/** Previous and next links for a page of search results, keeping the filters. */
export function pageLinks(base: string, query: ChampionSearchQuery, total: number): { previous?: { href: string }; next?: { href: string }; from: number; to: number; total: number } {
  const params = (page: number) => {
    const search = new URLSearchParams();
    for (const key of ['q', 'stage', 'interest', 'day', 'part', 'language', 'skill', 'role'] as const) {
      if (query[key]) {
        search.set(key, query[key]);
      }
    }
    if (page > 1) {
      search.set('page', String(page));
    }
    const text = search.toString();
    return text ? `${base}?${text}` : base;
  };
  const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return {
    previous: query.page > 1 ? { href: params(Math.min(query.page - 1, lastPage)) } : undefined,
    next: query.page < lastPage ? { href: params(query.page + 1) } : undefined,
    from: total === 0 ? 0 : Math.min(total, (query.page - 1) * PAGE_SIZE + 1),
    to: Math.min(total, query.page * PAGE_SIZE),
    total,
  };
}
