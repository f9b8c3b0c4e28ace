import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const EnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  BASE_URL: z.url().optional(),
  DATABASE_URL: z.string().optional(),
  MIGRATION_DATABASE_URL: z.string().optional(),
  DATA_DIR: z.string().default('./data'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  SESSION_SECRET: z.string().min(32).optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters (32 bytes)')
    .optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(5).default(120),
  SESSION_MAX_HOURS: z.coerce.number().int().min(1).default(12),
  LOGIN_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
  LOGIN_IP_MAX_ATTEMPTS: z.coerce.number().int().min(1).default(50),
  SEED_DEMO: booleanFromEnv.optional(),
  JOBS_ENABLED: booleanFromEnv.default(true),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: booleanFromEnv.default(false),
  NOTIFY_TRANSPORT: z.enum(['outbox', 'smtp', 'govuk-notify']).default('outbox'),
  MAIL_FROM: z.string().default('Thirdspace <no-reply@thirdspace.invalid>'),
  SMTP_URL: z.string().optional(),
  GOVUK_NOTIFY_API_KEY: z.string().optional(),
  GOVUK_NOTIFY_TEMPLATE_ID: z.string().optional(),
  GOVUK_NOTIFY_BASE_URL: z.url().default('https://api.notifications.service.gov.uk'),
  CHAMPION_RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
});

/** Typed, frozen configuration for one app instance. */
export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  baseUrl: string;
  /** `migrationUrl`: the owner role that runs migrations, when the app's own role may not. */
  database: { url?: string; migrationUrl?: string; dataDir: string; poolSize: number };
  security: {
    sessionSecret: string;
    encryptionKey: Buffer;
    secureCookies: boolean;
    sessionIdleMinutes: number;
    sessionMaxHours: number;
    loginMaxAttempts: number;
    loginLockoutMinutes: number;
    loginIpMaxAttempts: number;
    trustProxy: boolean;
  };
  seedDemo: boolean;
  jobsEnabled: boolean;
  logLevel: string;
  notify: {
    transport: 'outbox' | 'smtp' | 'govuk-notify';
    mailFrom: string;
    smtpUrl?: string;
    govukNotifyApiKey?: string;
    govukNotifyTemplateId?: string;
    govukNotifyBaseUrl: string;
  };
  /** Months after a champion leaves before their personal data is minimised (hour totals stay, anonymous). */
  championRetentionMonths: number;
  /** Days a sent or failed email is kept in the outbox before the nightly sweep deletes it. */
  outboxRetentionDays: number;
}

/** Development-only secrets: public on purpose, refused in production. */
const DEV_SESSION_SECRET = 'thirdspace-development-session-secret-not-for-production';
const DEV_ENCRYPTION_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

/** Thrown when the environment cannot make a safe configuration. */
export class ConfigError extends Error {}

/** Reads and checks the environment; fails fast with every problem listed. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  const missing: string[] = [];
  if (production && !e.SESSION_SECRET) {
    missing.push('SESSION_SECRET');
  }
  if (production && !e.ENCRYPTION_KEY) {
    missing.push('ENCRYPTION_KEY');
  }
  if (production && !e.BASE_URL) {
    missing.push('BASE_URL');
  }
  if (e.NOTIFY_TRANSPORT === 'smtp' && !e.SMTP_URL) {
    missing.push('SMTP_URL (NOTIFY_TRANSPORT is smtp)');
  }
  if (e.NOTIFY_TRANSPORT === 'govuk-notify' && (!e.GOVUK_NOTIFY_API_KEY || !e.GOVUK_NOTIFY_TEMPLATE_ID)) {
    missing.push('GOVUK_NOTIFY_API_KEY and GOVUK_NOTIFY_TEMPLATE_ID (NOTIFY_TRANSPORT is govuk-notify)');
  }
  if (missing.length > 0) {
    throw new ConfigError(`Missing required configuration: ${missing.join(', ')}`);
  }
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  return Object.freeze({
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    baseUrl,
    database: {
      url: e.DATABASE_URL || undefined,
      migrationUrl: (e.DATABASE_URL && e.MIGRATION_DATABASE_URL) || undefined,
      dataDir: e.DATA_DIR,
      poolSize: e.DB_POOL_SIZE,
    },
    security: {
      sessionSecret: e.SESSION_SECRET ?? DEV_SESSION_SECRET,
      encryptionKey: Buffer.from(e.ENCRYPTION_KEY ?? DEV_ENCRYPTION_KEY, 'hex'),
      secureCookies: baseUrl.startsWith('https://'),
      sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
      sessionMaxHours: e.SESSION_MAX_HOURS,
      loginMaxAttempts: e.LOGIN_MAX_ATTEMPTS,
      loginLockoutMinutes: e.LOGIN_LOCKOUT_MINUTES,
      loginIpMaxAttempts: e.LOGIN_IP_MAX_ATTEMPTS,
      trustProxy: e.TRUST_PROXY,
    },
    seedDemo: e.SEED_DEMO ?? !production,
    jobsEnabled: e.JOBS_ENABLED,
    logLevel: e.LOG_LEVEL,
    notify: {
      transport: e.NOTIFY_TRANSPORT,
      mailFrom: e.MAIL_FROM,
      smtpUrl: e.SMTP_URL,
      govukNotifyApiKey: e.GOVUK_NOTIFY_API_KEY,
      govukNotifyTemplateId: e.GOVUK_NOTIFY_TEMPLATE_ID,
      govukNotifyBaseUrl: e.GOVUK_NOTIFY_BASE_URL,
    },
    championRetentionMonths: e.CHAMPION_RETENTION_MONTHS,
    outboxRetentionDays: e.OUTBOX_RETENTION_DAYS,
  });
}
