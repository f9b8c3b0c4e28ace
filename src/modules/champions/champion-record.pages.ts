import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { requireUser } from '../../platform/auth/plugin.ts';
import { contextFrom } from '../../platform/context.ts';
import { ConflictError, ValidationError } from '../../lib/errors.ts';
import { agreementToSign, signOnBehalf, SignOnBehalfForm } from './agreements.service.ts';
import { CHECK_LEVEL_LABELS, nextStage, readChampionForm } from './champions.schemas.ts';
import { applicantRecord } from './recruitment.service.ts';
import { CHOICES } from './recruitment.pages.ts';
import { AssignRoleForm, CheckForm, ReferenceForm, TrainingForm, withDates } from './checks.schemas.ts';
import { coursesFor, managedChampion, recordCheck, recordReference, recordTraining } from './checks.service.ts';
import { tickInduction } from './induction.service.ts';
import { assignRole } from './roles.service.ts';

type ChampionParams = { Params: { organisationId: string; championId: string } };

/** One record form: its template, schema, date fields, the service that saves it, and the notice. */
interface RecordForm<S extends z.ZodType> {
  path: string;
  template: string;
  schema: S;
  dates: string[];
  save: (ctx: ReturnType<typeof contextFrom>, organisationId: string, championId: string, data: z.infer<S>) => Promise<void>;
  done: string;
}

const FORMS = [
  { path: 'checks', template: 'check-form.njk', schema: CheckForm, dates: ['issuedOn', 'expiresOn'], save: recordCheck, done: 'check' } satisfies RecordForm<typeof CheckForm>,
  { path: 'references', template: 'reference-form.njk', schema: ReferenceForm, dates: ['receivedOn'], save: recordReference, done: 'reference' } satisfies RecordForm<typeof ReferenceForm>,
  { path: 'training', template: 'training-form.njk', schema: TrainingForm, dates: ['completedOn', 'expiresOn'], save: recordTraining, done: 'training' } satisfies RecordForm<typeof TrainingForm>,
];

/** Forms on a champion's record: check decision, reference, training, role, agreements and induction. */
export async function championRecordPages(app: FastifyInstance): Promise<void> {
  for (const form of FORMS) {
    const url = `/organisations/:organisationId/champions/:championId/${form.path}`;
    const show = async (request: FastifyRequest<ChampionParams>, values: Record<string, unknown>, errors?: Record<string, string>) => {
      const ctx = contextFrom(request);
      const { champion, organisation, scope } = await managedChampion(ctx, request.params.organisationId, request.params.championId);
      return { champion, organisation, values, errors, levels: CHECK_LEVEL_LABELS, courses: await coursesFor(ctx.db, scope) };
    };
    app.get<ChampionParams>(url, { preHandler: requireUser }, async (request, reply) => reply.view(`champions/views/${form.template}`, await show(request, {})));
    app.post<ChampionParams>(url, { preHandler: requireUser }, async (request, reply) => {
      const { organisationId, championId } = request.params;
      const body = withDates(request.body, form.dates);
      const parsed = readChampionForm(form.schema as z.ZodType, body);
      if (!parsed.ok) {
        return reply.view(`champions/views/${form.template}`, await show(request, { ...(request.body as Record<string, unknown>), ...parsed.values }, parsed.errors), 400);
      }
      await (form.save as (ctx: ReturnType<typeof contextFrom>, o: string, c: string, d: unknown) => Promise<void>)(contextFrom(request), organisationId, championId, parsed.data);
      return reply.redirect(`/organisations/${organisationId}/champions/${championId}?done=${form.done}`, 303);
    });
  }

  app.post<ChampionParams>('/organisations/:organisationId/champions/:championId/roles', { preHandler: requireUser }, async (request, reply) => {
    const { organisationId, championId } = request.params;
    const ctx = contextFrom(request);
    const form = AssignRoleForm.safeParse(request.body ?? {});
    try {
      if (!form.success) {
        throw new ValidationError({ roleTemplateId: 'Select a role' });
      }
      await assignRole(ctx, organisationId, championId, form.data.roleTemplateId);
    } catch (error) {
      if (error instanceof ValidationError || error instanceof ConflictError) {
        const record = await applicantRecord(ctx, organisationId, championId);
        const errors = error instanceof ValidationError ? error.errors : { roleTemplateId: error.message };
        return reply.view('champions/views/record.njk', { ...record, next: nextStage(record.champion.stage), choices: CHOICES, errors, columnClass: 'nhsuk-grid-column-full' }, error.status);
      }
      throw error;
    }
    return reply.redirect(`/organisations/${organisationId}/champions/${championId}?done=role`, 303);
  });

  app.get<ChampionParams & { Params: { templateId: string } }>('/organisations/:organisationId/champions/:championId/agreements/:templateId', { preHandler: requireUser }, async (request, reply) => {
    const data = await agreementToSign(contextFrom(request), request.params.organisationId, request.params.championId, request.params.templateId);
    return reply.view('champions/views/sign-agreement.njk', { ...data, values: {} });
  });

  app.post<ChampionParams & { Params: { templateId: string } }>('/organisations/:organisationId/champions/:championId/agreements/:templateId', { preHandler: requireUser }, async (request, reply) => {
    const { organisationId, championId, templateId } = request.params;
    const ctx = contextFrom(request);
    const data = await agreementToSign(ctx, organisationId, championId, templateId);
    const form = readChampionForm(SignOnBehalfForm, request.body);
    if (!form.ok) {
      return reply.view('champions/views/sign-agreement.njk', { ...data, values: form.values, errors: form.errors }, 400);
    }
    await signOnBehalf(ctx, organisationId, championId, templateId, form.data.note);
    return reply.redirect(`/organisations/${organisationId}/champions/${championId}?done=signed`, 303);
  });

  app.post<ChampionParams & { Params: { itemId: string } }>('/organisations/:organisationId/champions/:championId/induction/:itemId', { preHandler: requireUser }, async (request, reply) => {
    const { organisationId, championId, itemId } = request.params;
    await tickInduction(contextFrom(request), organisationId, championId, itemId);
    return reply.redirect(`/organisations/${organisationId}/champions/${championId}?done=ticked#induction`, 303);
  });
}
