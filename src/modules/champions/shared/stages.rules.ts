import type { ChampionStage, CheckLevel } from '../champions.tables.ts';

// The recruitment pipeline's stages and the DBS check levels: names and order, no database.

/** The pipeline in order, then the two stages off it. */
export const STAGES: readonly ChampionStage[] = [
  'interested',
  'conversation',
  'role_offered',
  'checks',
  'agreements',
  'induction',
  'active',
  'paused',
  'left',
];

/** Stage names as coordinators say them. */
export const STAGE_LABELS: Record<ChampionStage, string> = {
  interested: 'Interested',
  conversation: 'Conversation',
  role_offered: 'Role offered',
  checks: 'Checks',
  agreements: 'Agreements',
  induction: 'Induction',
  active: 'Active',
  paused: 'Paused',
  left: 'Left',
};

/** The next stage along the pipeline, or null at the end (or off it). */
export function nextStage(stage: ChampionStage): ChampionStage | null {
  const order = STAGES.slice(0, 7);
  const index = order.indexOf(stage);
  return index >= 0 && index < order.length - 1 ? (order[index + 1] ?? null) : null;
}

/** DBS levels as the DBS names them. */
export const CHECK_LEVEL_LABELS: Record<CheckLevel, string> = {
  none: 'No check needed',
  basic: 'Basic',
  standard: 'Standard',
  enhanced: 'Enhanced',
  enhanced_adult: 'Enhanced with adults’ barred list',
  enhanced_child: 'Enhanced with children’s barred list',
  enhanced_adult_child: 'Enhanced with adults’ and children’s barred lists',
};

/** True when a check held at `held` meets a role that needs `required`. */
export function levelSatisfies(held: CheckLevel, required: CheckLevel): boolean {
  const rank: Record<CheckLevel, number> = {
    none: 0,
    basic: 1,
    standard: 2,
    enhanced: 3,
    enhanced_adult: 4,
    enhanced_child: 4,
    enhanced_adult_child: 5,
  };
  if (rank[held] < rank[required]) {
    return false;
  }
  const needsAdult = required === 'enhanced_adult' || required === 'enhanced_adult_child';
  const needsChild = required === 'enhanced_child' || required === 'enhanced_adult_child';
  const hasAdult = held === 'enhanced_adult' || held === 'enhanced_adult_child';
  const hasChild = held === 'enhanced_child' || held === 'enhanced_adult_child';
  return (!needsAdult || hasAdult) && (!needsChild || hasChild);
}
