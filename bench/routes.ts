/**
 * What `npm run bench` measures (issue 10): every public page and feed, a few signed-in pages,
 * and the uncached searches, each against the `/readyz` ceiling of the same run.
 */
import { BROWSE_SEARCHES, DIRECTORY_SEARCHES } from './directory.ts';

/** The kinds of route, each with its target (docs/benchmarks.md). */
export type RouteKind = 'ceiling' | 'public' | 'signed-in' | 'uncached';

/** One measured route: one path, or several a connection cycles through. */
export interface BenchRoute {
  name: string;
  kind: RouteKind;
  url: string | string[];
  signedIn?: boolean;
}

/** The throughput targets at 16 connections, as a share of the ceiling; uncached: database share at one connection. */
export const TARGETS: Record<RouteKind, { share?: number; dbShare?: number }> = {
  ceiling: {},
  public: { share: 0.5 },
  'signed-in': { share: 0.25 },
  uncached: { dbShare: 0.8 },
};

/** The routes, with the demo practice (Y99901), its network (U99001) and a signed-in manager's practice. */
export function benchRoutes(practiceId: string): BenchRoute[] {
  const oruk = [1, 2, 10, 100, 500, 1000, 1500, 2000].map((page) => `/oruk/services?page=${page}&per_page=50`);
  return [
    { name: 'ceiling: GET /readyz (SELECT 1)', kind: 'ceiling', url: '/readyz' },
    {
      name: "public: GET /practices/:ods/whats-on (a practice's what's on)",
      kind: 'public',
      url: '/practices/Y99901/whats-on',
    },
    {
      name: "public: GET /networks/:ods/whats-on (a network's what's on)",
      kind: 'public',
      url: '/networks/U99001/whats-on',
    },
    {
      name: 'public: GET /practices/:ods/directory (the word searches, public NHS.UK page)',
      kind: 'public',
      url: DIRECTORY_SEARCHES.map((search) => `/practices/Y99901/directory?${search}`),
    },
    { name: 'public: GET /practices/:ods/directory (no search)', kind: 'public', url: '/practices/Y99901/directory' },
    {
      name: 'public: GET /practices/:ods/become-a-champion (a form)',
      kind: 'public',
      url: '/practices/Y99901/become-a-champion',
    },
    {
      name: 'feed: GET /networks/:ods/whats-on.ics (iCalendar, 12 weeks)',
      kind: 'public',
      url: '/networks/U99001/whats-on.ics',
    },
    { name: 'feed: GET /oruk/services?page=N&per_page=50 (pages 1 to 2,000)', kind: 'public', url: oruk },
    { name: 'feed: GET /fhir/HealthcareService?_count=50', kind: 'public', url: '/fhir/HealthcareService?_count=50' },
    { name: 'signed-in: GET / (start page, work counts)', kind: 'signed-in', url: '/', signedIn: true },
    { name: 'signed-in: GET /api/me (session + memberships)', kind: 'signed-in', url: '/api/me', signedIn: true },
    {
      name: 'signed-in: GET /organisations/:id (NHS.UK page)',
      kind: 'signed-in',
      url: `/organisations/${practiceId}`,
      signedIn: true,
    },
    {
      name: 'signed-in: GET /practices/:ods/whats-on (a public page, signed in: not kept)',
      kind: 'signed-in',
      url: '/practices/Y99901/whats-on',
      signedIn: true,
    },
    {
      name: 'uncached: GET /api/directory/search, words with typos + postcode + filter',
      kind: 'uncached',
      url: DIRECTORY_SEARCHES.map((search) => `/api/directory/search?${search}`),
      signedIn: true,
    },
    {
      name: 'uncached: GET /api/directory/search, filters or postcode only',
      kind: 'uncached',
      url: BROWSE_SEARCHES.map((search) => `/api/directory/search?${search}`),
      signedIn: true,
    },
    {
      name: 'uncached: GET /api/organisations/:id/audit-events (search, audited)',
      kind: 'uncached',
      url: `/api/organisations/${practiceId}/audit-events`,
      signedIn: true,
    },
  ];
}
