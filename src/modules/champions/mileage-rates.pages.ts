import type { FastifyInstance } from 'fastify';
import { requireSystemAdmin } from '../../platform/auth/plugin.ts';
import { contextFrom } from '../../platform/context.ts';
import { ValidationError } from '../../lib/errors.ts';
import { readChampionForm } from './champions.schemas.ts';
import { withDates } from './checks.schemas.ts';
import { britishDate } from './exports.format.ts';
import { VEHICLE_LABELS } from './mileage.ts';
import { addMileageRate, MileageRateForm, mileageRateTable } from './mileage-rates.service.ts';

const guard = { preHandler: requireSystemAdmin };
const vehicleItems = Object.entries(VEHICLE_LABELS).map(([value, text]) => ({ value, text }));

/** The HMRC mileage rate table, for system administrators: list the rates and add one from a date. */
export async function mileageRatePages(app: FastifyInstance): Promise<void> {
  const show = async (request: Parameters<typeof contextFrom>[0], values: Record<string, unknown>, errors?: Record<string, string>, flash?: string) => {
    const rates = await mileageRateTable(contextFrom(request));
    return { rates: rates.map((rate) => ({ ...rate, from: britishDate(rate.validFrom) })), vehicleItems, values, errors, flash };
  };

  app.get<{ Querystring: { done?: string } }>('/admin/mileage-rates', guard, async (request, reply) =>
    reply.view('champions/views/mileage-rates.njk', await show(request, {}, undefined, request.query.done ? 'Rate added. New journeys on or after its date are priced at it.' : undefined)),
  );

  app.post('/admin/mileage-rates', guard, async (request, reply) => {
    const body = withDates(request.body, ['validFrom']);
    const form = readChampionForm(MileageRateForm, body);
    const kept = { ...(request.body as Record<string, unknown>), ...(form.ok ? {} : form.values) };
    if (!form.ok) {
      return reply.view('champions/views/mileage-rates.njk', await show(request, kept, form.errors), 400);
    }
    try {
      await addMileageRate(contextFrom(request), form.data);
    } catch (error) {
      if (error instanceof ValidationError) {
        return reply.view('champions/views/mileage-rates.njk', await show(request, kept, error.errors), 400);
      }
      throw error;
    }
    return reply.redirect('/admin/mileage-rates?done=added', 303);
  });
}
