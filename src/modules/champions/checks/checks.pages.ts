import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { requireUser } from '../../../platform/auth/plugin.ts';
import { contextFrom, type ServiceContext } from '../../../platform/context.ts';
import { type FormState, submitForm } from '../../../platform/http/forms.ts';
import { CHECK_LEVEL_LABELS, championForm } from '../shared/champions.schemas.ts';
import { CheckForm, ReferenceForm, TrainingForm } from './checks.schemas.ts';
import { recordCheck, recordFormContext, recordReference, recordTraining } from './checks.service.ts';
import { withDateFields } from '../../../lib/dates.ts';
import { presentChampionHeading } from '../shared/champions.presenter.ts';

type ChampionParams = { Params: { organisationId: string; championId: string } };

/** One record form: its template, schema, date fields, the service that saves it, and the notice. */
interface RecordForm<S extends z.ZodType> {
  path: string;
  template: string;
  schema: S;
  dates: string[];
  save: (ctx: ServiceContext, organisationId: string, championId: string, data: z.infer<S>) => Promise<void>;
  done: string;
}

/** Registers the page and the form of one kind of record (a check decision, a reference, training). */
function recordFormPages<S extends z.ZodType>(app: FastifyInstance, form: RecordForm<S>): void {
  const url = `/organisations/:organisationId/champions/:championId/${form.path}`;
  const template = `champions/checks/views/${form.template}`;
  const show = async (
    request: FastifyRequest<ChampionParams>,
    reply: FastifyReply,
    state: Partial<FormState>,
    status = 200,
  ) => {
    const { champion, organisation, courses } = await recordFormContext(
      contextFrom(request),
      request.params.organisationId,
      request.params.championId,
    );
    return reply.view(
      template,
      {
        ...presentChampionHeading({ champion, organisation }),
        values: state.values,
        errors: state.errors,
        levels: CHECK_LEVEL_LABELS,
        courses,
      },
      status,
    );
  };
  app.get<ChampionParams>(url, { preHandler: requireUser }, async (request, reply) =>
    show(request, reply, { values: {} }),
  );
  app.post<ChampionParams>(url, { preHandler: requireUser }, async (request, reply) => {
    const { organisationId, championId } = request.params;
    return submitForm(reply, {
      schema: championForm(form.schema),
      body: withDateFields(request.body, form.dates),
      submit: (data) => form.save(contextFrom(request), organisationId, championId, data),
      redirect: () => `/organisations/${organisationId}/champions/${championId}?done=${form.done}`,
      show: (state, status) => show(request, reply, state, status),
    });
  });
}

/** The check decision, reference and training forms on a champion's record. */
export async function checksPages(app: FastifyInstance): Promise<void> {
  recordFormPages(app, {
    path: 'checks',
    template: 'check-form.njk',
    schema: CheckForm,
    dates: ['issuedOn', 'expiresOn'],
    save: recordCheck,
    done: 'check',
  });
  recordFormPages(app, {
    path: 'references',
    template: 'reference-form.njk',
    schema: ReferenceForm,
    dates: ['receivedOn'],
    save: recordReference,
    done: 'reference',
  });
  recordFormPages(app, {
    path: 'training',
    template: 'training-form.njk',
    schema: TrainingForm,
    dates: ['completedOn', 'expiresOn'],
    save: recordTraining,
    done: 'training',
  });
}
