import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import type { FieldErrors } from '../../lib/errors.ts';
import { roleLabel } from '../auth/roles.ts';
import type { AssetManifest } from '../http/assets.ts';
import { formatDate, formatDateTime, formatNumber } from './format.ts';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../..');

/** Where templates are looked up: shared layouts, module views, then NHS.UK frontend macros. */
export const TEMPLATE_PATHS = [
  path.join(here, 'templates'),
  path.resolve(here, '../../modules'),
  path.join(root, 'node_modules/nhsuk-frontend/dist'),
];

/** Extra values every page gets (the signed-in person, navigation, the CSRF token). */
export type PageLocalsBuilder = (request: FastifyRequest, reply: FastifyReply) => Record<string, unknown>;

declare module 'fastify' {
  interface FastifyReply {
    /** Renders a Nunjucks page inside the NHS.UK layout and sends it. */
    view(template: string, context?: Record<string, unknown>, status?: number): FastifyReply;
  }
  interface FastifyInstance {
    /** Adds values every page gets; called by the auth and security plugins. */
    addPageLocals(builder: PageLocalsBuilder): void;
  }
}

/** Builds the NHS.UK error summary list from field errors, in field order. */
export function errorList(errors: FieldErrors | undefined): { text: string; href: string }[] {
  return Object.entries(errors ?? {}).map(([field, text]) => ({ text, href: `#${field}` }));
}

type NunjucksFrame = {
  variables: Record<string, unknown>;
  resolve(name: string, forWrite: boolean): NunjucksFrame | undefined;
};
type FrameSet = (this: NunjucksFrame, name: string, value: unknown, resolveUp?: boolean) => void;
const frameClass = (nunjucks.runtime as unknown as { Frame: { prototype: { set: FrameSet } } }).Frame;
const dottedSet = frameClass.prototype.set;

/**
 * Nunjucks' Frame.set splits every name on "." to allow `{% set a.b = … %}`, making an array
 * for each of the thousands of `set`s, macro arguments and loop variables a page renders (7–13%
 * of a page's CPU in docs/performance.md). Names without a dot, nearly all of them, skip the split;
 * the result is the same.
 */
frameClass.prototype.set = function set(this: NunjucksFrame, name: string, value: unknown, resolveUp?: boolean) {
  if (name.includes('.')) {
    dottedSet.call(this, name, value, resolveUp);
    return;
  }
  const frame = resolveUp ? this.resolve(name, true) : undefined;
  (frame ?? this).variables[name] = value;
};

/** Every template under a folder, as the names pages render them by. */
function templateNames(folder: string, prefix = ''): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? templateNames(path.join(folder, entry.name), `${prefix}${entry.name}/`)
      : entry.name.endsWith('.njk')
        ? [`${prefix}${entry.name}`]
        : [],
  );
}

/**
 * Compiles every template of the app and of the NHS.UK frontend now, so no request reads or
 * compiles one (the loader keeps them; nothing watches the files). Returns how many.
 */
export function warmTemplates(env: nunjucks.Environment = sharedViewEnvironment()): number {
  // The design system's folder also holds its own docs and test fixtures: only its page template and macros.
  const names = TEMPLATE_PATHS.flatMap((folder) => templateNames(folder)).filter(
    (name) => !name.startsWith('nhsuk/') || name === 'nhsuk/template.njk' || /^nhsuk\/(components|macros)\//.test(name),
  );
  for (const name of names) {
    env.getTemplate(name, true);
  }
  return names.length;
}

let shared: nunjucks.Environment | undefined;
let sharedAssets: AssetManifest | undefined;

/**
 * The one Nunjucks environment of the process: templates and filters are the same for every
 * app built in it (tests build many), so each template is compiled once per process.
 */
export function sharedViewEnvironment(assets?: AssetManifest): nunjucks.Environment {
  if (assets) {
    sharedAssets = assets;
  }
  shared ??= createViewEnvironment((url) => sharedAssets?.url(url) ?? url);
  return shared;
}

/** Makes a Nunjucks environment (also used by tests of templates); `asset` gives fingerprinted addresses. */
export function createViewEnvironment(asset: (url: string) => string = (url) => url): nunjucks.Environment {
  const env = new nunjucks.Environment(new nunjucks.FileSystemLoader(TEMPLATE_PATHS, { noCache: false }), {
    autoescape: true,
    throwOnUndefined: false,
  });
  // Nunjucks' own trim (`/^\s*|\s*$/g`) takes time in the square of a string's whitespace runs,
  // and the NHS.UK macros trim whole blocks of markup: a long table page spent most of its
  // render there. Same result, linear, keeping whether the text was marked safe.
  env.addFilter('trim', (value: unknown) => {
    const text = String(value ?? '').trim();
    return value instanceof nunjucks.runtime.SafeString ? new nunjucks.runtime.SafeString(text) : text;
  });
  env.addFilter('date', formatDate);
  env.addFilter('datetime', formatDateTime);
  env.addFilter('number', formatNumber);
  env.addFilter('roleLabel', roleLabel);
  env.addFilter('roleLabels', (roles: string[] | undefined) => (roles ?? []).map(roleLabel).join(', '));
  env.addFilter('errorList', errorList);
  env.addGlobal('asset', asset);
  env.addFilter('fieldError', (errors: FieldErrors | undefined, field: string) =>
    errors?.[field] ? { text: errors[field] } : undefined,
  );
  return env;
}

async function views(app: FastifyInstance, options: { assets?: AssetManifest }): Promise<void> {
  const env = sharedViewEnvironment(options.assets);
  const builders: PageLocalsBuilder[] = [];
  app.decorate('addPageLocals', (builder: PageLocalsBuilder) => {
    builders.push(builder);
  });
  app.decorateReply('view', function view(this: FastifyReply, template: string, context = {}, status = 200) {
    const locals: Record<string, unknown> = { currentPath: this.request.url.split('?')[0] };
    for (const build of builders) {
      Object.assign(locals, build(this.request, this));
    }
    const html = env.render(template, { ...locals, ...context });
    return this.code(status).type('text/html; charset=utf-8').send(html);
  });
}

export default fp(views, { name: 'views' });
