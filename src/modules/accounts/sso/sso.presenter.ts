import type { SsoProblem } from './sso.service.ts';

/** What the refusal page says: a heading, what happened, what to do, and the status it is sent with. */
export interface SsoProblemView {
  status: number;
  title: string;
  paragraphs: string[];
  /** Whether trying single sign-on again could help (a button back to the start). */
  tryAgain: boolean;
}

const ASK_MANAGER = 'Ask your practice manager or champion coordinator to invite you with that email address.';
const USE_PASSWORD =
  'If you already have a Thirdspace password, you can sign in with your email address and password instead.';

const VIEWS: Record<SsoProblem, SsoProblemView> = {
  'not-configured': {
    status: 404,
    title: 'Single sign-on is not available',
    paragraphs: ['This service is not set up for single sign-on. Sign in with your email address and password.'],
    tryAgain: false,
  },
  'no-sign-in': {
    status: 400,
    title: 'Your sign-in has timed out',
    paragraphs: [
      'Signing in took longer than 10 minutes, or was started in a different browser or tab, so it cannot be completed.',
      'Start again from the sign-in page.',
    ],
    tryAgain: true,
  },
  'issuer-refused': {
    status: 400,
    title: 'You did not finish signing in',
    paragraphs: [
      'Signing in was cancelled or refused by your organisation’s sign-in service. You have not been signed in.',
    ],
    tryAgain: true,
  },
  'invalid-response': {
    status: 400,
    title: 'Your sign-in could not be completed',
    paragraphs: [
      'The answer from your organisation’s sign-in service did not pass our security checks, so you have not been signed in.',
      'Start again from the sign-in page. If this keeps happening, contact your practice manager.',
    ],
    tryAgain: true,
  },
  'issuer-unavailable': {
    status: 503,
    title: 'Single sign-on is not working at the moment',
    paragraphs: ['Your organisation’s sign-in service could not be reached. Try again in a few minutes.', USE_PASSWORD],
    tryAgain: true,
  },
  'no-email': {
    status: 403,
    title: 'Your account did not give an email address',
    paragraphs: [
      'Your organisation’s sign-in service did not tell us your email address, so we cannot find your Thirdspace account.',
      USE_PASSWORD,
    ],
    tryAgain: false,
  },
  'email-not-verified': {
    status: 403,
    title: 'Your email address has not been confirmed',
    paragraphs: [
      'Your organisation’s sign-in service has not confirmed that the email address belongs to you, so we cannot use it to find your Thirdspace account.',
      USE_PASSWORD,
    ],
    tryAgain: false,
  },
  'wrong-tenant': {
    status: 403,
    title: 'You cannot sign in with this account',
    paragraphs: [
      'This service accepts accounts from one organisation only. Sign in with that account, or with your password.',
    ],
    tryAgain: false,
  },
  'email-domain': {
    status: 403,
    title: 'You cannot sign in with this email address',
    paragraphs: ['This service does not accept single sign-on for email addresses in this domain.', USE_PASSWORD],
    tryAgain: false,
  },
  'unknown-email': {
    status: 403,
    title: 'There is no Thirdspace account for you yet',
    paragraphs: [
      'We could not find a Thirdspace account with the email address your organisation gave us.',
      ASK_MANAGER,
    ],
    tryAgain: false,
  },
  disabled: {
    status: 403,
    title: 'Your account has been turned off',
    paragraphs: ['You cannot sign in to this account. If you think this is wrong, contact your practice manager.'],
    tryAgain: false,
  },
  'linked-elsewhere': {
    status: 409,
    title: 'Your account is linked to a different sign-in',
    paragraphs: [
      'Your Thirdspace account is already linked to another account at your organisation’s sign-in service.',
      'Sign in with that account, or contact your practice manager.',
    ],
    tryAgain: false,
  },
};

/** The page for a refused single sign-on. */
export function presentSsoProblem(problem: SsoProblem): SsoProblemView {
  return VIEWS[problem];
}
