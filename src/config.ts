import path from 'node:path';
import { z } from 'zod';

// Every environment variable the portal reads, parsed once at start-up.
// A bad value stops the process with a message naming the variable (fail fast).

const DEV_SESSION_SECRET = 'development-only-session-secret-change-me';

const booleanFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

// Express "trust proxy": false, true, a hop count, or a comma-separated list of addresses/subnets.
const trustProxyFromEnv = z.string().transform((v): boolean | number | string[] => {
  if (v === 'true') return true;
  if (v === 'false' || v === '') return false;
  if (/^\d+$/.test(v)) return Number(v);
  return v.split(',').map((s) => s.trim()).filter(Boolean);
});

const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().min(1).default('0.0.0.0'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    DATABASE_URL: z.string().url().optional(),
    DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
    DATA_DIR: z.string().min(1).default('./data'),
    SESSION_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    COOKIE_SECURE: booleanFromEnv.optional(),
    TRUST_PROXY: trustProxyFromEnv.default(false),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'use a size such as 32kb').default('32kb'),
    POST_RATE_LIMIT: z.coerce.number().int().min(1).default(30),
    TRACK_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
    HELPLINE_PHONE: z.string().default(''),
    GRIEVANCE_OFFICER: z.string().default('Grievance Officer, Police Mitra Raktdaan'),
    GRIEVANCE_EMAIL: z.string().email().optional(),
    SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).default(10000),
    BCRYPT_COST: z.coerce.number().int().min(4).max(15).default(12),
    SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
    SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
    LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
    DONOR_CODE_RATE_LIMIT: z.coerce.number().int().min(1).default(10),
    LOCKOUT_THRESHOLD: z.coerce.number().int().min(1).default(5),
    LOCKOUT_MINUTES: z.coerce.number().int().min(1).default(15),
    NOTIFY_SMS_TRANSPORT: z.enum(['log', 'http']).default('log'),
    NOTIFY_WHATSAPP_TRANSPORT: z.enum(['log', 'http']).default('log'),
    NOTIFY_EMAIL_TRANSPORT: z.enum(['log', 'smtp']).default('log'),
    SMS_GATEWAY_URL: z.string().url().optional(),
    SMS_GATEWAY_TOKEN: z.string().optional(),
    WHATSAPP_GATEWAY_URL: z.string().url().optional(),
    WHATSAPP_GATEWAY_TOKEN: z.string().optional(),
    SMTP_URL: z.string().regex(/^smtps?:\/\/\S+$/, 'use smtp://user:password@host:587 or smtps://…:465').optional(),
    EMAIL_FROM: z.string().regex(/^[^<>@\s]+@[^<>@\s]+$|^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/, 'use an address such as "Raktdaan Mitra <no-reply@example.org>"').optional(),
    WORKER_IN_PROCESS: booleanFromEnv.default(true),
    WORKER_POLL_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
    NOTIFY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
    PUBLIC_BASE_URL: z.string().regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, 'use the address people open, such as https://raktdaan.example.org').default('http://localhost:3000'),
    STATS_CACHE_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
  })
  .superRefine((env, ctx) => {
    notificationTransportProblems(env).forEach(([path, message]) => ctx.addIssue({ code: 'custom', path: [path], message }));
    if (env.NODE_ENV !== 'production') return;
    if (!env.SESSION_SECRET) {
      ctx.addIssue({ code: 'custom', path: ['SESSION_SECRET'], message: 'is required when NODE_ENV=production' });
    }
    if (!env.GRIEVANCE_EMAIL) {
      ctx.addIssue({ code: 'custom', path: ['GRIEVANCE_EMAIL'], message: 'is required when NODE_ENV=production (DPDP grievance contact)' });
    }
  });

// A transport that cannot work stops the start, rather than failing every message later.
function notificationTransportProblems(env: Record<string, unknown>): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (env.NOTIFY_SMS_TRANSPORT === 'http' && !env.SMS_GATEWAY_URL) problems.push(['SMS_GATEWAY_URL', 'is required when NOTIFY_SMS_TRANSPORT=http']);
  if (env.NOTIFY_WHATSAPP_TRANSPORT === 'http' && !env.WHATSAPP_GATEWAY_URL) problems.push(['WHATSAPP_GATEWAY_URL', 'is required when NOTIFY_WHATSAPP_TRANSPORT=http']);
  if (env.NOTIFY_EMAIL_TRANSPORT === 'smtp') {
    if (!env.SMTP_URL) problems.push(['SMTP_URL', 'is required when NOTIFY_EMAIL_TRANSPORT=smtp']);
    if (!env.EMAIL_FROM) problems.push(['EMAIL_FROM', 'is required when NOTIFY_EMAIL_TRANSPORT=smtp']);
  }
  return problems;
}

export type Config = ReturnType<typeof toConfig>;

function toConfig(env: z.infer<typeof envSchema>) {
  const production = env.NODE_ENV === 'production';
  return {
    env: env.NODE_ENV,
    production,
    development: env.NODE_ENV === 'development',
    host: env.HOST,
    port: env.PORT,
    database: {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      dataDir: path.resolve(env.DATA_DIR),
    },
    session: {
      secret: env.SESSION_SECRET ?? DEV_SESSION_SECRET,
      cookieSecure: env.COOKIE_SECURE ?? production,
    },
    trustProxy: env.TRUST_PROXY,
    logLevel: env.LOG_LEVEL,
    bodyLimit: env.BODY_LIMIT,
    rateLimits: {
      windowMs: env.RATE_LIMIT_WINDOW_MINUTES * 60_000,
      posts: env.POST_RATE_LIMIT,
      tracking: env.TRACK_RATE_LIMIT,
      login: env.LOGIN_RATE_LIMIT,
      donorCode: env.DONOR_CODE_RATE_LIMIT,
    },
    contact: {
      helplinePhone: env.HELPLINE_PHONE,
      grievanceOfficer: env.GRIEVANCE_OFFICER,
      grievanceEmail: env.GRIEVANCE_EMAIL ?? 'grievance@raktdaan-mitra.invalid',
    },
    shutdownTimeoutMs: env.SHUTDOWN_TIMEOUT_MS,
    auth: {
      bcryptCost: env.BCRYPT_COST,
      idleMs: env.SESSION_IDLE_MINUTES * 60_000,
      absoluteMs: env.SESSION_ABSOLUTE_HOURS * 3_600_000,
      lockoutThreshold: env.LOCKOUT_THRESHOLD,
      lockoutMs: env.LOCKOUT_MINUTES * 60_000,
    },
    notifications: {
      sms: { transport: env.NOTIFY_SMS_TRANSPORT, url: env.SMS_GATEWAY_URL, token: env.SMS_GATEWAY_TOKEN },
      whatsapp: { transport: env.NOTIFY_WHATSAPP_TRANSPORT, url: env.WHATSAPP_GATEWAY_URL, token: env.WHATSAPP_GATEWAY_TOKEN },
      email: { transport: env.NOTIFY_EMAIL_TRANSPORT, smtpUrl: env.SMTP_URL, from: env.EMAIL_FROM },
      maxAttempts: env.NOTIFY_MAX_ATTEMPTS,
    },
    worker: {
      inProcess: env.WORKER_IN_PROCESS,
      pollMs: env.WORKER_POLL_SECONDS * 1000,
    },
    /** Where people reach the portal, for links in messages (no trailing slash). */
    publicBaseUrl: env.PUBLIC_BASE_URL.replace(/\/+$/, ''),
    stats: {
      cacheSeconds: env.STATS_CACHE_SECONDS,
    },
  };
}

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Treat empty strings as unset so `FOO=` in a compose file falls back to the default.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  return toConfig(parsed.data);
}
