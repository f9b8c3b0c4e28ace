import type { OrukServiceImport } from './oruk-import.schemas.ts';
import { normaliseDate, normaliseTime } from '../shared/service-rows.rules.ts';
import type { LocationRecord, PhoneRecord, ScheduleRecord } from '../shared/services.schemas.ts';

// The parts of an imported ORUK service that are mapped value by value: text, numbers within
// a range, times, dates, schedules, phones and locations. A value the database would refuse
// is dropped with a warning rather than failing the whole record.

type Parsed = OrukServiceImport;
type ParsedSchedule = NonNullable<Parsed['schedules']>[number];
type ParsedLocation = NonNullable<NonNullable<Parsed['service_at_locations']>[number]['location']>;
type ParsedPhone = NonNullable<Parsed['phones']>[number];

export function blank(value: string | null | undefined): string | null {
  const trimmed = value?.trim();
  return trimmed ? trimmed : null;
}

export function within(
  value: number | null | undefined,
  low: number,
  high: number,
  what: string,
  warnings: string[],
): number | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (value < low || value > high) {
    warnings.push(`${what} ${value} is outside ${low} to ${high}, so it was left out`);
    return null;
  }
  return value;
}

export function time(value: string | null | undefined, what: string, warnings: string[]): string | null {
  if (!blank(value)) {
    return null;
  }
  const parsed = normaliseTime(value);
  if (!parsed) {
    warnings.push(`${what} "${value}" is not a time (HH:MM), so it was left out`);
  }
  return parsed;
}

export function date(value: string | null | undefined, what: string, warnings: string[]): string | null {
  if (!blank(value)) {
    return null;
  }
  const parsed = normaliseDate(value);
  if (!parsed) {
    warnings.push(`${what} "${value}" is not a date (YYYY-MM-DD), so it was left out`);
  }
  return parsed;
}

export function schedule(item: ParsedSchedule, warnings: string[]): ScheduleRecord {
  const interval = item.interval === null || item.interval === undefined ? null : Math.round(item.interval);
  return {
    id: item.id,
    validFrom: date(item.valid_from, 'schedule valid_from', warnings),
    validTo: date(item.valid_to, 'schedule valid_to', warnings),
    dtstart: date(item.dtstart, 'schedule dtstart', warnings),
    freq: item.freq ?? null,
    interval: within(interval, 1, 52, 'schedule interval', warnings),
    byday: blank(item.byday)?.toUpperCase().replace(/\s+/g, '') ?? null,
    bymonthday: blank(item.bymonthday),
    opensAt: time(item.opens_at, 'opens_at', warnings),
    closesAt: time(item.closes_at, 'closes_at', warnings),
    description: blank(item.description),
    scheduleLink: blank(item.schedule_link),
    attendingType: blank(item.attending_type),
    notes: blank(item.notes),
  };
}

export function phone(item: ParsedPhone): PhoneRecord {
  return {
    id: item.id,
    number: item.number,
    extension: item.extension === null || item.extension === undefined ? null : String(item.extension),
    type: blank(item.type),
    description: blank(item.description),
  };
}

export function location(item: ParsedLocation, warnings: string[]): LocationRecord {
  let latitude = within(item.latitude, -90, 90, 'latitude', warnings);
  let longitude = within(item.longitude, -180, 180, 'longitude', warnings);
  if (latitude === null || longitude === null) {
    latitude = null;
    longitude = null;
  }
  return {
    id: item.id,
    locationType: item.location_type,
    name: blank(item.name),
    description: blank(item.description),
    latitude,
    longitude,
    externalIdentifier: blank(item.external_identifier),
    externalIdentifierType: blank(item.external_identifier_type),
    addresses: (item.addresses ?? []).map((address) => ({
      id: address.id,
      attention: blank(address.attention),
      address1: address.address_1,
      address2: blank(address.address_2),
      city: address.city,
      region: blank(address.region),
      stateProvince: address.state_province,
      postalCode: address.postal_code,
      country: address.country,
      addressType: address.address_type,
    })),
    accessibility: (item.accessibility ?? []).map((access) => ({
      id: access.id,
      description: blank(access.description) ?? blank(access.accessibility),
      details: blank(access.details),
      url: blank(access.url),
    })),
    phones: (item.phones ?? []).map(phone),
  };
}
