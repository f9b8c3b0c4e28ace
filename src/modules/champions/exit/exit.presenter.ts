import { britishDate, londonDateOf } from '../../../lib/dates.ts';
import { type ChampionHeading, presentChampionHeading } from '../shared/champions.presenter.ts';
import { formatMinutes } from '../shared/format.presenter.ts';

/** What the reference letter service gives (see referenceLetter in exit.service.ts). */
interface ReferenceLetter {
  champion: { id: string; display_name: string; stage: string; created_at: Date };
  organisation: { id: string; name: string };
  roles: { name: string; description: string; assigned_at: Date; ended_at: Date | null }[];
  hours: { first: string | null; minutes: number; verified: number; meetings: number };
  activeSince: Date | null;
  leftOn: string | null;
  writtenBy: string;
}

/** The reference letter page: dates in words, hours as "3 hours 30 minutes", each role with its dates. */
export function presentReferenceLetter(letter: ReferenceLetter, now: Date) {
  const heading: ChampionHeading = presentChampionHeading(letter);
  return {
    ...heading,
    writtenBy: letter.writtenBy,
    hours: letter.hours,
    today: britishDate(londonDateOf(now)),
    // From the day they became active; someone recorded as active before stage history was kept falls back to their first hours.
    since: britishDate(
      letter.activeSince
        ? londonDateOf(letter.activeSince)
        : (letter.hours.first ?? londonDateOf(letter.champion.created_at)),
    ),
    until: letter.leftOn ? britishDate(letter.leftOn) : null,
    total: formatMinutes(letter.hours.minutes),
    verified: formatMinutes(letter.hours.verified),
    roleLines: letter.roles.map((role) => ({
      name: role.name,
      description: role.description,
      from: britishDate(londonDateOf(role.assigned_at)),
      to: role.ended_at ? britishDate(londonDateOf(role.ended_at)) : 'now',
    })),
  };
}
