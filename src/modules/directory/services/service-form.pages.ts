import type { FastifyReply } from 'fastify';
import type { Executor } from '../../../platform/db/transaction.ts';
import { type FormState, submitForm } from '../../../platform/http/forms.ts';
import type { FieldErrors } from '../../../lib/errors.ts';
import { DAYS } from '../search/directory-search.schemas.ts';
import { conflictMessage } from '../shared/directory.presenter.ts';
import { SESSION_WEEKS, STATUS_LABELS } from './service-edit.schemas.ts';
import { sessionRowsFor } from './service-form.presenter.ts';
import { listNeeds } from './service-edit.service.ts';
import { ServiceFormBody } from './service-form.schemas.ts';

/** What a service form page shows around the fields. */
export interface FormPage {
  heading: string;
  caption?: string;
  intro?: string;
  action: string;
  submitText: string;
  backHref?: string;
  version?: string;
  taskId?: string;
  askVerification?: boolean;
  askComment?: boolean;
  commentLabel?: string;
  askContact?: boolean;
  ownerChoices?: { id: string; name: string }[];
  secondaryForm?: { heading: string; text: string; action: string; button: string };
  conflict?: string;
}

/** Renders the shared service form with values (flat) and errors, at `status`. */
export async function showServiceForm(
  db: Executor,
  reply: FastifyReply,
  page: FormPage,
  values: Record<string, unknown>,
  errors: FieldErrors = {},
  status = 200,
): Promise<FastifyReply> {
  const needs = await listNeeds(db);
  const shown = { ...values, needs: ([] as unknown[]).concat(values.needs ?? []) };
  return reply.view(
    'directory/services/views/service-form.njk',
    {
      ...page,
      values: shown,
      errors,
      needs,
      days: DAYS,
      weeks: SESSION_WEEKS,
      sessionRows: typeof values.sessionRows === 'number' ? values.sessionRows : sessionRowsFor(values),
      statusItems: Object.entries(STATUS_LABELS).map(([value, text]) => ({ value, text })),
    },
    status,
  );
}

/** One submission of the service form: the page around it, the use case, and where success goes. */
export interface ServiceFormRoute {
  body: unknown;
  /** The page around the form as it is shown again; `conflict` holds the refusal when someone else saved first. */
  page: (state: FormState, conflict: string | undefined) => FormPage | Promise<FormPage>;
  /** Saves, returning where to go next. */
  submit: (form: ServiceFormBody) => Promise<string>;
}

/**
 * Submits the service form through the one form outcome: a bad field shows the form again
 * with the errors (400), and a conflict (409) shows it again with the refusal as a banner.
 */
export function submitServiceForm(db: Executor, reply: FastifyReply, route: ServiceFormRoute): Promise<FastifyReply> {
  return submitForm(reply, {
    schema: ServiceFormBody,
    body: route.body,
    submit: route.submit,
    redirect: (href) => href,
    show: async (state, status) => {
      const conflict = status === 409 ? conflictMessage(state.errors) : undefined;
      return showServiceForm(
        db,
        reply,
        await route.page(state, conflict),
        state.values,
        conflict === undefined ? state.errors : {},
        status,
      );
    },
  });
}
