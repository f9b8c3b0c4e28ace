/**
 * The browser tests' small page-object layer: one shared world (app, browser), a `journey`
 * wrapper that gives each test fresh browser contexts and screenshots on failure, and helpers
 * that check every page they reach with axe-core and for browser-side problems (page errors,
 * Content-Security-Policy violations, sub-resources that failed to load).
 */
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import axe from 'axe-core';
import type { FastifyInstance } from 'fastify';
import type { Browser, BrowserContext, BrowserContextOptions, Page, Response } from 'playwright-core';
import type { Config } from '../../src/config.ts';
import type { EmailMessage, EmailTransport } from '../../src/platform/notify/notifier.ts';
import { DEMO_PASSWORD } from '../../src/demo/seed.ts';
import { currentTotpCode } from '../../src/modules/accounts/index.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** Where failure screenshots go (gitignored). */
export const RESULTS_DIR = path.join(root, 'test-results');

/** WCAG 2.2 AA, as NHS services must meet. */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/** What every journey shares: the running app, its configuration and the one browser. */
export interface World {
  app: FastifyInstance;
  config: Config;
  baseUrl: string;
  browser: Browser;
  /** What the transport was handed: the only place a one-time link is readable. */
  delivered: KeepingTransport;
}

/**
 * The outbox-only transport (messages are 'kept', as in a demo), which also records what it was
 * handed, as a recipient's inbox would: the outbox itself keeps no live one-time link.
 */
export class KeepingTransport implements EmailTransport {
  readonly name = 'outbox';
  readonly handed: EmailMessage[] = [];
  async send(message: EmailMessage): Promise<boolean> {
    this.handed.push(message);
    return false;
  }
}

let shared: World | null = null;

/** Called once by run.test.ts when the app and browser are up. */
export function setWorld(world: World | null): void {
  shared = world;
}

/** The shared app and browser. */
export function world(): World {
  if (!shared) {
    throw new Error('The browser test world is not set up: run test/e2e/run.test.ts');
  }
  return shared;
}

/** Problems the browser reported for each page (console CSP reports, page errors, failed loads). */
const problems = new WeakMap<Page, string[]>();

function problemsOf(page: Page): string[] {
  let list = problems.get(page);
  if (!list) {
    list = [];
    problems.set(page, list);
  }
  return list;
}

function watch(page: Page): void {
  const list = problemsOf(page);
  page.on('pageerror', (error) => list.push(`Page error on ${page.url()}: ${error.message}`));
  page.on('console', (message) => {
    const text = message.text();
    if (/Content[- ]Security[- ]Policy|CSP violation/i.test(text)) {
      list.push(`CSP violation on ${page.url()}: ${text}`);
    } else if (message.type() === 'error' && !text.startsWith('Failed to load resource')) {
      // "Failed to load resource" also fires for 4xx pages we open on purpose; sub-resources are checked below.
      list.push(`Console error on ${page.url()}: ${text}`);
    }
  });
  page.on('response', (response) => {
    if (!response.request().isNavigationRequest() && response.status() >= 400) {
      list.push(`${response.request().method()} ${response.url()} answered ${response.status()} (on ${page.url()})`);
    }
  });
  page.on('requestfailed', (request) => {
    if (!request.isNavigationRequest()) {
      list.push(
        `${request.method()} ${request.url()} failed: ${request.failure()?.errorText ?? 'unknown'} (on ${page.url()})`,
      );
    }
  });
}

/** Fails when the browser has reported problems on this page. */
export function assertNoBrowserProblems(page: Page): void {
  const list = problemsOf(page);
  if (list.length > 0) {
    const text = list.splice(0).join('\n  ');
    assert.fail(`The browser reported problems:\n  ${text}`);
  }
}

interface AxeNode {
  target: unknown[];
  failureSummary?: string;
  html: string;
}
interface AxeViolation {
  id: string;
  impact?: string | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** Runs axe-core on the page (WCAG 2.2 AA) and fails with a readable list of violations. */
export async function assertAccessible(page: Page): Promise<void> {
  const loaded = await page.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (!loaded) {
    // Evaluated through the DevTools protocol, so the page's CSP does not apply (an inline <script> would be refused).
    await page.evaluate(axe.source);
  }
  const violations = await page.evaluate(async (tags) => {
    const runner = (
      window as unknown as { axe: { run(context: Document, options: unknown): Promise<{ violations: unknown[] }> } }
    ).axe;
    const results = await runner.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations;
  }, AXE_TAGS);
  if (violations.length > 0) {
    const lines = (violations as AxeViolation[]).map((violation) => {
      const nodes = violation.nodes
        .slice(0, 5)
        .map(
          (node) =>
            `      ${node.target.join(' ')}\n        ${node.html.slice(0, 160)}\n        ${(node.failureSummary ?? '').replace(/\n/g, '\n        ')}`,
        )
        .join('\n');
      const more = violation.nodes.length > 5 ? `\n      …and ${violation.nodes.length - 5} more` : '';
      return `  [${violation.impact ?? 'unknown'}] ${violation.id}: ${violation.help} (${violation.helpUrl})\n${nodes}${more}`;
    });
    assert.fail(
      `Accessibility violations on ${new URL(page.url()).pathname} ("${await page.title()}"):\n${lines.join('\n')}`,
    );
  }
}

/** Checks the page the browser is on now: axe-core, then anything the browser reported. */
export async function checkPage(page: Page): Promise<void> {
  await page.waitForLoadState('load');
  await assertAccessible(page);
  assertNoBrowserProblems(page);
}

/** Opens a path (or full address), checks the page, and returns the main response. */
export async function visit(page: Page, target: string, expectedStatus = 200): Promise<Response> {
  const response = await page.goto(target, { waitUntil: 'load' });
  assert.ok(response, `No response for ${target}`);
  assert.equal(
    response.status(),
    expectedStatus,
    `${target} answered ${response.status()}, expected ${expectedStatus}`,
  );
  await checkPage(page);
  return response;
}

/**
 * Clicks the button with this exact name, waits for the page the form leads to, and checks it.
 * Returns the page's status (a form shown again with errors is a 4xx); a server error fails.
 */
export async function submit(page: Page, buttonName: string): Promise<number> {
  const navigation = page.waitForNavigation({ waitUntil: 'load' });
  await page.getByRole('button', { name: buttonName, exact: true }).click();
  const response = await navigation;
  const status = response?.status() ?? 0;
  assert.ok(status > 0 && status < 500, `Pressing "${buttonName}" led to ${page.url()} with status ${status}`);
  await checkPage(page);
  return status;
}

/** Follows a link with this exact name (inside `within`, a CSS selector) and checks the page it leads to. */
export async function follow(page: Page, linkName: string, within?: string): Promise<void> {
  const scope = within ? page.locator(within) : page;
  const navigation = page.waitForNavigation({ waitUntil: 'load' });
  await scope.getByRole('link', { name: linkName, exact: true }).click();
  const response = await navigation;
  assert.equal(
    response?.status(),
    200,
    `The "${linkName}" link led to ${page.url()} with status ${response?.status()}`,
  );
  await checkPage(page);
}

/** The page's main heading. */
export async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').first().innerText()).trim();
}

/** The error summary's items, as shown. */
export async function errorSummary(page: Page): Promise<string[]> {
  const summary = page.locator('.nhsuk-error-summary');
  assert.ok(await summary.isVisible(), 'Expected an error summary');
  return (await summary.locator('li').allInnerTexts()).map((text) => text.trim());
}

/** The success banner's text (the flash notice). */
export async function notice(page: Page): Promise<string> {
  return (await page.locator('.nhsuk-notification-banner').innerText()).trim();
}

/** Signs in through the form, answering the two-factor step when a secret is given. */
export async function signIn(
  page: Page,
  email: string,
  options: { password?: string; totpSecret?: string } = {},
): Promise<void> {
  await visit(page, '/sign-in');
  await page.locator('#email').fill(email);
  await page.locator('#password').fill(options.password ?? DEMO_PASSWORD);
  await submit(page, 'Sign in');
  if (options.totpSecret) {
    assert.equal(new URL(page.url()).pathname, '/sign-in/two-factor');
    await page.locator('#code').fill(await freshTotpCode(email, options.totpSecret));
    await submit(page, 'Continue');
  }
  assert.ok(
    !new URL(page.url()).pathname.startsWith('/sign-in'),
    `Sign-in as ${email} did not finish (on ${page.url()}: ${await heading(page)})`,
  );
}

/**
 * A TOTP code the app will accept: codes are refused a second time (replay protection), so
 * when this person's last code was from the current 30-second step, wait for the next one.
 */
async function freshTotpCode(email: string, secret: string): Promise<string> {
  const row = await world()
    .app.db.selectFrom('users')
    .select('totp_last_step')
    .where('email', '=', email)
    .executeTakeFirst();
  const lastStep =
    row?.totp_last_step === null || row?.totp_last_step === undefined ? null : Number(row.totp_last_step);
  const step = Math.floor(Date.now() / 30_000);
  if (lastStep !== null && lastStep >= step) {
    await new Promise((resolve) => setTimeout(resolve, (lastStep + 1) * 30_000 - Date.now() + 250));
  }
  return currentTotpCode(secret);
}

/**
 * The first link to `pathPrefix` in the newest email delivered to `recipient` (the job worker
 * delivers within a second or two; the outbox keeps only a placeholder for one-time links).
 */
export async function linkFromOutbox(recipient: string, pathPrefix: string): Promise<string> {
  const escaped = `${world().baseUrl}${pathPrefix}`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`${escaped}\\S+`);
  const deadline = Date.now() + 15_000;
  for (;;) {
    const message = [...world().delivered.handed]
      .reverse()
      .find((candidate) => candidate.to === recipient.toLowerCase() && pattern.test(candidate.body));
    if (message) {
      return pattern.exec(message.body)?.[0] ?? '';
    }
    assert.ok(Date.now() < deadline, `No email to ${recipient} with a ${pathPrefix} link was delivered`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** True when the page scrolls sideways (content wider than the viewport). */
export async function scrollsSideways(
  page: Page,
): Promise<{ scrollWidth: number; innerWidth: number; overflowing: boolean }> {
  return page.evaluate(() => {
    const scrollWidth = document.documentElement.scrollWidth;
    return { scrollWidth, innerWidth: window.innerWidth, overflowing: scrollWidth > window.innerWidth };
  });
}

/** A unique, obviously fictional email address for this run. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}.${Date.now().toString(36)}.${Math.random().toString(36).slice(2, 7)}@example.test`;
}

/** The id of a demo organisation, by ODS code. */
export async function organisationId(odsCode: string): Promise<string> {
  const row = await world()
    .app.db.selectFrom('organisations')
    .select('id')
    .where('ods_code', '=', odsCode)
    .executeTakeFirstOrThrow();
  return row.id;
}

/** What a journey is handed: fresh browser contexts (one per simulated person or device). */
export interface Session {
  /** A page in a new browser context (its own cookies). */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * A browser test: each gets new contexts, which are closed afterwards. On failure every open
 * page is screenshotted into test-results/. After the journey, late browser problems fail it too.
 */
export function journey(
  name: string,
  run: (session: Session) => Promise<void>,
  options: { timeout?: number } = {},
): void {
  test(name, { timeout: options.timeout ?? 120_000 }, async () => {
    const contexts: BrowserContext[] = [];
    const pages: Page[] = [];
    const session: Session = {
      async newPage(contextOptions = {}) {
        const context = await world().browser.newContext({
          baseURL: world().baseUrl,
          locale: 'en-GB',
          timezoneId: 'Europe/London',
          ...contextOptions,
        });
        context.setDefaultTimeout(10_000);
        context.setDefaultNavigationTimeout(15_000);
        contexts.push(context);
        const page = await context.newPage();
        watch(page);
        pages.push(page);
        return page;
      },
    };
    try {
      await run(session);
      for (const page of pages) {
        assertNoBrowserProblems(page);
      }
    } catch (error) {
      mkdirSync(RESULTS_DIR, { recursive: true });
      const slug = name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
      for (const [index, page] of pages.entries()) {
        const file = path.join(RESULTS_DIR, `${slug}-${index + 1}.png`);
        await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
        process.stderr.write(`Screenshot of ${page.url()} saved to ${path.relative(root, file)}\n`);
      }
      throw error;
    } finally {
      await Promise.all(contexts.map((context) => context.close().catch(() => undefined)));
    }
  });
}
