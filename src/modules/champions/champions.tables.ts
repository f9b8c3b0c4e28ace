import type { Selectable } from 'kysely';
import type { DB } from '../../platform/db/database.types.ts';

// Row types and column unions for the champions tables, derived from the generated
// database types (npm run db:types), so they follow the migrations.

/** The stages of the recruitment pipeline, in order, then paused and left. */
export type ChampionStage = Selectable<ChampionsTable>['stage'];

/** DBS check levels, from least to most thorough. */
export type CheckLevel = Selectable<ChampionRoleTemplatesTable>['check_level'];

/** A recruitment campaign: a link and QR code given out through one channel. */
export type ChampionCampaignsTable = DB['champion_campaigns'];

/** A person on the champions pipeline, from expression of interest onwards. */
export type ChampionsTable = DB['champions'];

/** One interest, skill, language or availability slot of a champion. */
export type ChampionTagsTable = DB['champion_tags'];

/** One move between pipeline stages. */
export type ChampionStageHistoryTable = DB['champion_stage_history'];

/** A kind of champion role and what it needs. */
export type ChampionRoleTemplatesTable = DB['champion_role_templates'];

/** A training course a role template requires. */
export type ChampionRoleTrainingTable = DB['champion_role_training'];

/** A role given to a champion. */
export type ChampionRoleAssignmentsTable = DB['champion_role_assignments'];

/** A DBS check decision (never conviction details). */
export type ChampionChecksTable = DB['champion_checks'];

/** A reference received for a champion. */
export type ChampionReferencesTable = DB['champion_references'];

/** A training course a champion completed. */
export type ChampionTrainingTable = DB['champion_training'];

/** One version of an agreement text. */
export type ChampionAgreementTemplatesTable = DB['champion_agreement_templates'];

/** A champion's signature of one agreement version. */
export type ChampionAgreementSignaturesTable = DB['champion_agreement_signatures'];

/** An item on a practice's induction checklist. */
export type ChampionInductionItemsTable = DB['champion_induction_items'];

/** An induction item ticked for a champion. */
export type ChampionInductionTicksTable = DB['champion_induction_ticks'];

/** A lapse reminder already sent. */
export type ChampionRemindersSentTable = DB['champion_reminders_sent'];

/** The champions tables, added to the Database interface. */
export type ChampionsTables = Pick<
  DB,
  | 'champion_campaigns'
  | 'champions'
  | 'champion_tags'
  | 'champion_stage_history'
  | 'champion_role_templates'
  | 'champion_role_training'
  | 'champion_role_assignments'
  | 'champion_checks'
  | 'champion_references'
  | 'champion_training'
  | 'champion_agreement_templates'
  | 'champion_agreement_signatures'
  | 'champion_induction_items'
  | 'champion_induction_ticks'
  | 'champion_reminders_sent'
>;

/** A champion row as read. */
export type ChampionRow = Selectable<ChampionsTable>;
/** A role template row as read. */
export type RoleTemplateRow = Selectable<ChampionRoleTemplatesTable>;
