import { z } from 'zod';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== ''),
);

// Single sign-on (OpenID Connect); README "Single sign-on" says what each one is for.
const SSO_ENV = {
  OIDC_ISSUER: z.url().optional(),
  OIDC_CLIENT_ID: z.string().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().min(1).optional(),
  OIDC_TOKEN_AUTH: z.enum(['client_secret_post', 'client_secret_basic']).default('client_secret_post'),
  OIDC_REDIRECT_URL: z.url().optional(),
  OIDC_SCOPES: z.string().default('openid email profile'),
  OIDC_BUTTON_LABEL: z.string().min(1).max(80).default('Sign in with single sign-on'),
  OIDC_EMAIL_CLAIM: z
    .string()
    .regex(/^[\w.:-]{1,100}$/, 'must be a claim name')
    .default('email'),
  OIDC_EMAIL_TRUST: z.enum(['verified', 'issuer']).default('verified'),
  OIDC_TENANT_ID: z.string().min(1).optional(),
  OIDC_EMAIL_DOMAINS: commaList.optional(),
  OIDC_CREATE_ACCOUNTS: booleanFromEnv.default(false),
  OIDC_MFA_SKIPS_TOTP: booleanFromEnv.default(false),
  OIDC_MFA_ACR: commaList.optional(),
  OIDC_SIGN_OUT_AT_ISSUER: booleanFromEnv.default(false),
  OIDC_TIMEOUT_SECONDS: z.coerce.number().int().min(1).max(60).default(10),
};

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
  ENCRYPTION_KEYS_PREVIOUS: z
    .string()
    .regex(/^\s*([0-9a-fA-F]{64}\s*(,\s*|$))*$/, 'must be 64 hex characters (32 bytes) per key, separated by commas')
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
  GOVUK_NOTIFY_SMS_TEMPLATE_ID: z.string().optional(),
  SMS_TRANSPORT: z.enum(['outbox', 'govuk-notify']).default('outbox'),
  SIGNPOSTING_RETENTION_YEARS: z.coerce.number().int().min(1).max(100).default(8),
  GOVUK_NOTIFY_BASE_URL: z.url().default('https://api.notifications.service.gov.uk'),
  CHAMPION_RETENTION_MONTHS: z.coerce.number().int().min(1).max(240).default(24),
  OUTBOX_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  ...SSO_ENV,
});

/** Single sign-on with one OpenID Connect issuer (authorisation code flow with PKCE). */
export interface SsoConfig {
  issuer: string;
  clientId: string;
  clientSecret: string;
  tokenAuth: 'client_secret_post' | 'client_secret_basic';
  redirectUrl: string;
  scopes: string;
  buttonLabel: string;
  /** The claim holding the person's email address (`email`; `preferred_username` for some Entra ID tenants). */
  emailClaim: string;
  /** `verified`: the address counts only with `email_verified: true`; `issuer`: this issuer vouches for it. */
  emailTrust: 'verified' | 'issuer';
  /** Entra ID: the `tid` claim every ID token must carry. */
  tenantId: string | null;
  /** When set, only addresses in these domains are accepted (lower case, without `@`). */
  emailDomains: string[];
  /** Creates an account with no roles for a verified address no account has (off by default). */
  createAccounts: boolean;
  /** Lets a sign-in whose ID token asserts multi-factor authentication skip the TOTP challenge. */
  mfaSkipsTotp: boolean;
  /** `acr` values that count as multi-factor authentication (an `amr` with `mfa` always does). */
  mfaAcrValues: string[];
  /** Signing out also ends the session at the issuer (RP-initiated logout), when it offers that. */
  signOutAtIssuer: boolean;
  /** How long one request to the issuer may take before it counts as down. */
  timeoutSeconds: number;
}

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
    /** Keys replaced by `encryptionKey`: still read, never written, until `rotate-key` has run. */
    previousEncryptionKeys: readonly Buffer[];
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
    /** How text messages go: kept in the outbox only, or through GOV.UK Notify. */
    smsTransport: 'outbox' | 'govuk-notify';
    /** A GOV.UK Notify text message template whose content is `((body))`. */
    govukNotifySmsTemplateId?: string;
  };
  /** Years after a link-worker episode closes before the person's record is deleted (Records Management Code). */
  signpostingRetentionYears: number;
  /** Months after a champion leaves before their personal data is minimised (hour totals stay, anonymous). */
  championRetentionMonths: number;
  /** Days a sent or failed email is kept in the outbox before the nightly sweep deletes it. */
  outboxRetentionDays: number;
  /** Single sign-on with OpenID Connect, or null when no issuer is configured. */
  sso: SsoConfig | null;
}

/** Development-only secrets: public on purpose, refused in production. */
const DEV_SESSION_SECRET = 'thirdspace-development-session-secret-not-for-production';
const DEV_ENCRYPTION_KEY = '00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff';

/** True for a loopback host, where plain HTTP is allowed (development and tests). */
function isLoopback(url: URL): boolean {
  return url.hostname === 'localhost' || url.hostname === '127.0.0.1' || url.hostname === '[::1]';
}

/** The single sign-on settings, or null when no issuer is set; a half-made or unsafe one fails start-up. */
function ssoConfigFrom(e: z.infer<typeof EnvSchema>, baseUrl: string): SsoConfig | null {
  if (!e.OIDC_ISSUER) {
    if (e.OIDC_CLIENT_ID || e.OIDC_CLIENT_SECRET) {
      throw new ConfigError(
        'Missing required configuration: OIDC_ISSUER (OIDC_CLIENT_ID or OIDC_CLIENT_SECRET is set)',
      );
    }
    return null;
  }
  const problems: string[] = [];
  const issuer = new URL(e.OIDC_ISSUER);
  const redirectUrl = e.OIDC_REDIRECT_URL ?? `${baseUrl}/sign-in/sso/callback`;
  if (!e.OIDC_CLIENT_ID || !e.OIDC_CLIENT_SECRET) {
    problems.push('OIDC_CLIENT_ID and OIDC_CLIENT_SECRET are required with OIDC_ISSUER');
  }
  if (issuer.protocol !== 'https:' && !isLoopback(issuer)) {
    problems.push('OIDC_ISSUER must be an https:// address');
  }
  if (e.NODE_ENV === 'production' && !redirectUrl.startsWith('https://')) {
    problems.push('OIDC_REDIRECT_URL must be an https:// address in production');
  }
  if (new URL(redirectUrl).pathname !== '/sign-in/sso/callback') {
    problems.push('OIDC_REDIRECT_URL must end in /sign-in/sso/callback');
  }
  if (!e.OIDC_SCOPES.split(/\s+/).includes('openid')) {
    problems.push('OIDC_SCOPES must include openid');
  }
  if (e.OIDC_EMAIL_TRUST === 'issuer' && issuer.hostname === 'login.microsoftonline.com' && !e.OIDC_TENANT_ID) {
    // Any Entra ID tenant can name any address: trust one tenant's directory, never all of them.
    problems.push('OIDC_TENANT_ID is required when OIDC_EMAIL_TRUST is issuer for Entra ID');
  }
  if (problems.length > 0) {
    throw new ConfigError(`Invalid single sign-on configuration:\n  ${problems.join('\n  ')}`);
  }
  return {
    issuer: e.OIDC_ISSUER,
    clientId: e.OIDC_CLIENT_ID ?? '',
    clientSecret: e.OIDC_CLIENT_SECRET ?? '',
    tokenAuth: e.OIDC_TOKEN_AUTH,
    redirectUrl,
    scopes: e.OIDC_SCOPES.split(/\s+/).filter(Boolean).join(' '),
    buttonLabel: e.OIDC_BUTTON_LABEL,
    emailClaim: e.OIDC_EMAIL_CLAIM,
    emailTrust: e.OIDC_EMAIL_TRUST,
    tenantId: e.OIDC_TENANT_ID ?? null,
    emailDomains: (e.OIDC_EMAIL_DOMAINS ?? []).map((domain) => domain.toLowerCase().replace(/^@/, '')),
    createAccounts: e.OIDC_CREATE_ACCOUNTS,
    mfaSkipsTotp: e.OIDC_MFA_SKIPS_TOTP,
    mfaAcrValues: e.OIDC_MFA_ACR ?? [],
    signOutAtIssuer: e.OIDC_SIGN_OUT_AT_ISSUER,
    timeoutSeconds: e.OIDC_TIMEOUT_SECONDS,
  };
}

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
  if (e.SMS_TRANSPORT === 'govuk-notify' && (!e.GOVUK_NOTIFY_API_KEY || !e.GOVUK_NOTIFY_SMS_TEMPLATE_ID)) {
    missing.push('GOVUK_NOTIFY_API_KEY and GOVUK_NOTIFY_SMS_TEMPLATE_ID (SMS_TRANSPORT is govuk-notify)');
  }
  if (missing.length > 0) {
    throw new ConfigError(`Missing required configuration: ${missing.join(', ')}`);
  }
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, '');
  const sso = ssoConfigFrom(e, baseUrl);
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
      previousEncryptionKeys: (e.ENCRYPTION_KEYS_PREVIOUS ?? '')
        .split(',')
        .map((key) => key.trim())
        .filter((key) => key.length > 0)
        .map((key) => Buffer.from(key, 'hex')),
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
      smsTransport: e.SMS_TRANSPORT,
      govukNotifySmsTemplateId: e.GOVUK_NOTIFY_SMS_TEMPLATE_ID,
    },
    signpostingRetentionYears: e.SIGNPOSTING_RETENTION_YEARS,
    championRetentionMonths: e.CHAMPION_RETENTION_MONTHS,
    outboxRetentionDays: e.OUTBOX_RETENTION_DAYS,
    sso,
  });
}
