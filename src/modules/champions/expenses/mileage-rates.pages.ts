import type { FastifyInstance } from 'fastify';
import { requireSystemAdmin } from '../../../platform/auth/plugin.ts';
import { contextFrom } from '../../../platform/context.ts';
import { submitForm } from '../../../platform/http/forms.ts';
import { championForm } from '../shared/champions.schemas.ts';
import { VEHICLE_LABELS } from './mileage.rules.ts';
import { addMileageRate, MileageRateForm, mileageRateTable } from './mileage-rates.service.ts';
import { britishDate, withDateFields } from '../../../lib/dates.ts';

const guard = { preHandler: requireSystemAdmin };
const vehicleItems = Object.entries(VEHICLE_LABELS).map(([value, text]) => ({ value, text }));

/** The HMRC mileage rate table, for system administrators: list the rates and add one from a date. */
export async function mileageRatePages(app: FastifyInstance): Promise<void> {
  const show = async (
    request: Parameters<typeof contextFrom>[0],
    values: Record<string, unknown>,
    errors?: Record<string, string>,
    flash?: string,
  ) => {
    const rates = await mileageRateTable(contextFrom(request));
    return {
      rates: rates.map((rate) => ({ ...rate, from: britishDate(rate.validFrom) })),
      vehicleItems,
      values,
      errors,
      flash,
    };
  };

  app.get<{ Querystring: { done?: string } }>('/admin/mileage-rates', guard, async (request, reply) =>
    reply.view(
      'champions/expenses/views/mileage-rates.njk',
      await show(
        request,
        {},
        undefined,
        request.query.done ? 'Rate added. New journeys on or after its date are priced at it.' : undefined,
      ),
    ),
  );

  app.post('/admin/mileage-rates', guard, async (request, reply) =>
    submitForm(reply, {
      schema: championForm(MileageRateForm),
      body: withDateFields(request.body, ['validFrom']),
      submit: (data) => addMileageRate(contextFrom(request), data),
      redirect: () => '/admin/mileage-rates?done=added',
      show: async (state, status) =>
        reply.view(
          'champions/expenses/views/mileage-rates.njk',
          await show(request, state.values, state.errors),
          status,
        ),
    }),
  );
}
