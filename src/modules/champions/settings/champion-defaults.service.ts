import { trustedScope } from '../../../platform/auth/policy.ts';
import type { Executor } from '../../../platform/db/transaction.ts';
import type { CheckLevel } from '../champions.tables.ts';
import {
  hasInductionItems,
  hasRoleTemplates,
  insertFirstAgreementIfNew,
  insertInductionItemIfNew,
  insertRoleTemplateIfNew,
} from './champion-defaults.repo.ts';

/** The role templates every practice starts with (domain research §1.3 and §1.5). */
export const DEFAULT_ROLE_TEMPLATES: {
  name: string;
  description: string;
  checkLevel: CheckLevel;
  references: number;
  training: string[];
  directoryResearch?: boolean;
}[] = [
  {
    name: 'Activity host',
    description: 'Welcomes people to a group and keeps it running.',
    checkLevel: 'none',
    references: 0,
    training: ['Safeguarding awareness'],
  },
  {
    name: 'Walk leader',
    description: 'Leads a regular health walk on a set route.',
    checkLevel: 'basic',
    references: 1,
    training: ['Walk leader training'],
  },
  {
    name: 'Reception greeter',
    description: 'Greets patients in reception and helps them find their way.',
    checkLevel: 'none',
    references: 1,
    training: ['Confidentiality'],
  },
  {
    name: 'Clinic marshal',
    description: 'Helps people queue and find their way at busy clinics.',
    checkLevel: 'none',
    references: 0,
    training: ['Fire safety'],
  },
  {
    name: 'Directory researcher',
    description: 'Finds and checks local services for the directory.',
    checkLevel: 'none',
    references: 0,
    training: [],
    directoryResearch: true,
  },
  {
    name: 'Befriender',
    description: 'Visits or phones someone who is lonely, one to one.',
    checkLevel: 'enhanced_adult',
    references: 2,
    training: ['Safeguarding awareness'],
  },
  {
    name: 'Escort',
    description: 'Goes with someone to a hospital or other appointment.',
    checkLevel: 'enhanced_adult',
    references: 2,
    training: ['Safeguarding awareness'],
  },
];

/** The agreements every practice starts with, at version 1. */
export const DEFAULT_AGREEMENTS: {
  kind: 'volunteer' | 'confidentiality' | 'media_consent';
  title: string;
  body: string;
}[] = [
  {
    kind: 'volunteer',
    title: 'Volunteer agreement',
    body:
      'You give your time freely and can stop at any time. We will give you an induction, training for ' +
      'your role, support from your coordinator and out-of-pocket expenses agreed in advance. This is ' +
      'not a contract of employment.',
  },
  {
    kind: 'confidentiality',
    title: 'Confidentiality agreement',
    body:
      'Anything you learn about patients or other people while volunteering stays private. You will ' +
      'not see patient records. If you are worried someone is at risk, tell the practice safeguarding ' +
      'lead straight away.',
  },
  {
    kind: 'media_consent',
    title: 'Photo and media consent',
    body:
      'You agree that the practice may use photos or short quotes of you in its newsletters, website ' +
      'and social media about champion activities. You can withdraw this at any time.',
  },
];

/** The induction checklist every practice starts with (domain research W2 step 8). */
export const DEFAULT_INDUCTION_ITEMS = [
  'Tour of the practice',
  'Fire safety and health and safety',
  'Safeguarding introduction and who the safeguarding lead is',
  'Confidentiality',
  'Expenses and how to claim',
  'Boundaries of the role',
];

/**
 * Gives an organisation the default role templates, agreements and induction checklist the
 * first time champions are used there. Safe to call again: nothing already there changes.
 */
export async function ensureChampionDefaults(db: Executor, organisationId: string): Promise<void> {
  // Callers have already reached the organisation (a coordinator's page, a sign-up, the seed).
  const scope = trustedScope([organisationId], 'linked');
  if (!(await hasRoleTemplates(db, scope, organisationId))) {
    for (const template of DEFAULT_ROLE_TEMPLATES) {
      await insertRoleTemplateIfNew(db, scope, organisationId, template);
    }
  }
  for (const agreement of DEFAULT_AGREEMENTS) {
    await insertFirstAgreementIfNew(db, scope, organisationId, agreement);
  }
  if (!(await hasInductionItems(db, scope, organisationId))) {
    for (const [position, label] of DEFAULT_INDUCTION_ITEMS.entries()) {
      await insertInductionItemIfNew(db, scope, organisationId, { label, position });
    }
  }
}
