import { formatDateTime } from '../../../platform/views/format.ts';
import { STAGE_LABELS, WAITING_STAGES, type ChampionStage } from '../../champions/index.ts';
import { LAPSING_DAYS, type StartPageWork } from './start-page.service.ts';

/** One clickable card in "Your work". */
export interface WorkCard {
  heading: string;
  href: string;
  description: string;
}

/** The pipeline card: waiting applicants in total and at each stage, each stage linking to its filtered list. */
export interface PipelineCard {
  heading: string;
  href: string;
  description: string;
  stages: { label: string; count: number; href: string }[];
}

/** What the home page's "Your work" section shows. */
export interface StartPageView {
  pipeline: PipelineCard | null;
  cards: WorkCard[];
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

function pipelineCard(organisationPath: string, applicants: Record<string, number>): PipelineCard {
  const total = WAITING_STAGES.reduce((sum, stage) => sum + (applicants[stage] ?? 0), 0);
  return {
    heading: 'Applicants waiting',
    href: `${organisationPath}/champions`,
    description: `${plural(total, 'applicant', 'applicants')} waiting in the pipeline`,
    stages: WAITING_STAGES.map((stage: ChampionStage) => ({
      label: STAGE_LABELS[stage],
      count: applicants[stage] ?? 0,
      href: `${organisationPath}/champions?stage=${stage}`,
    })),
  };
}

function championCards(nextPlace: NonNullable<StartPageWork['champion']>['nextPlace']): WorkCard[] {
  const rota = nextPlace
    ? `Your next place: ${formatDateTime(nextPlace.startsAt)}, ${nextPlace.activityName}, as ${nextPlace.roleName}`
    : 'You have no places on the rota yet: see the open places you could take';
  return [
    { heading: 'Your rota', href: '/champion/rota', description: rota },
    { heading: 'My champion page', href: '/champion', description: 'Your hours, expenses, sessions and profile' },
  ];
}

/** Turns the counts into cards, in the order a person works through them. */
export function presentStartPage(work: StartPageWork | null): StartPageView {
  if (!work) {
    return { pipeline: null, cards: [] };
  }
  const organisationPath = `/organisations/${work.organisationId}`;
  const cards: WorkCard[] = [];
  const coordinator = work.coordinator;
  if (coordinator) {
    cards.push(
      {
        heading: 'Hours to verify',
        href: `${organisationPath}/champion-hours`,
        description: `${plural(coordinator.hoursWaiting, 'time entry', 'time entries')} waiting to be verified`,
      },
      {
        heading: 'Expense claims',
        href: `${organisationPath}/expense-claims`,
        description: `${plural(coordinator.claimsWaiting, 'claim', 'claims')} waiting for a decision`,
      },
      {
        heading: 'Checks and training',
        href: `${organisationPath}/champions?stage=active`,
        description: `${plural(coordinator.lapsingSoon, 'check or course', 'checks or courses')} lapsing in the next ${LAPSING_DAYS} days`,
      },
    );
  }
  if (work.sessionsToday !== null) {
    cards.push({
      heading: 'Today’s sessions',
      href: `${organisationPath}/sessions`,
      description: `${plural(work.sessionsToday, 'session', 'sessions')} today`,
    });
  }
  if (work.champion) {
    cards.push(...championCards(work.champion.nextPlace));
  }
  if (work.reviewsWaiting !== null) {
    cards.push({
      heading: 'Directory reviews',
      href: `/directory/reviews?organisation=${work.organisationId}`,
      description: `${plural(work.reviewsWaiting, 'proposed change', 'proposed changes')} waiting for review`,
    });
  }
  if (work.checkingTasksOpen !== null) {
    cards.push({
      heading: 'Directory checking tasks',
      href: `/directory/tasks?organisation=${work.organisationId}`,
      description: `${plural(work.checkingTasksOpen, 'checking task', 'checking tasks')} open`,
    });
  }
  if (work.aggregatesOnly) {
    cards.push({
      heading: 'Totals',
      href: organisationPath,
      description: 'Totals for this organisation and those it supports, with small numbers hidden',
    });
  }
  return { pipeline: coordinator ? pipelineCard(organisationPath, coordinator.applicants) : null, cards };
}
