import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import nunjucks from 'nunjucks';
import type { FieldErrors } from '../../lib/errors.ts';
import { roleLabel } from '../auth/roles.ts';
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

/** Makes the shared Nunjucks environment (also used by tests of templates). */
export function createViewEnvironment(): nunjucks.Environment {
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
  env.addFilter('fieldError', (errors: FieldErrors | undefined, field: string) =>
    errors?.[field] ? { text: errors[field] } : undefined,
  );
  return env;
}

async function views(app: FastifyInstance): Promise<void> {
  const env = createViewEnvironment();
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
