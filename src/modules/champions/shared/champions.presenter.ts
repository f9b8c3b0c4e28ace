import { AVAILABILITY_DAYS, DAY_PARTS, DAYS, describeAvailability } from './availability.rules.ts';
import {
  CHANNELS,
  CHECK_LEVEL_LABELS,
  type ChampionSearchQuery,
  HEARD_VIA,
  INTERESTS,
  STAGE_LABELS,
  STAGES,
} from './champions.schemas.ts';
import { PAGE_SIZE } from './champion-search.repo.ts';

/** Choices the public form and filters offer, as template data (describeAvailability words a list of slots). */
export const CHOICES = {
  levels: CHECK_LEVEL_LABELS,
  interests: INTERESTS,
  availabilityDays: AVAILABILITY_DAYS,
  days: DAYS,
  dayParts: DAY_PARTS,
  describeAvailability,
  heardVia: HEARD_VIA,
  channels: CHANNELS,
  stages: STAGE_LABELS,
  stageOrder: STAGES,
};

/** The ticked values of a checkbox field as read from a form: none, one or many. */
export function asList(value: unknown): string[] {
  return Array.isArray(value)
    ? value.filter((item): item is string => typeof item === 'string')
    : typeof value === 'string'
      ? [value]
      : [];
}

/** Previous and next links for a page of search results, keeping the filters. */
export function pageLinks(
  base: string,
  query: ChampionSearchQuery,
  total: number,
): { previous?: { href: string }; next?: { href: string }; from: number; to: number; total: number } {
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

/** The champion and organisation a page about one champion names: ids, names and the stage only. */
export interface ChampionHeading {
  champion: { id: string; name: string; stage: string };
  organisation: { id: string; name: string };
}

/** The heading of a page about one champion (their forms, pause, leave, change of stage). */
export function presentChampionHeading(data: {
  champion: { id: string; display_name: string; stage: string };
  organisation: { id: string; name: string };
}): ChampionHeading {
  return {
    champion: { id: data.champion.id, name: data.champion.display_name, stage: data.champion.stage },
    organisation: { id: data.organisation.id, name: data.organisation.name },
  };
}
