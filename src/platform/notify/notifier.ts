import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { decryptSecret, encryptSecret } from '../crypto.ts';
import { newId } from '../../lib/ids.ts';
import type { Database } from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { notifyClient } from './notify-client.ts';
import { OutboxOnlyTransport, type Transport } from './transport.ts';
import {
  deleteFinishedMessagesBefore,
  findMessageToDeliver,
  queueOutboxMessage,
  recordDeliveryAttempt,
} from './outbox.repo.ts';
import type { KeyRing } from '../crypto.ts';
import {
  type SealedEmail,
  type SmsMessage,
  type SmsTransport,
  queueSealedEmail,
  queueSms,
  registerSealedDelivery,
} from './sms.ts';

/** An email to one person. Bodies are plain text; links in them are full URLs. */
export interface EmailMessage {
  to: string;
  subject: string;
  body: string;
  organisationId?: string | null;
  /**
   * A live one-time link (password reset, invitation, provider update) that appears in `body`.
   * The outbox stores and shows the body with ONE_TIME_LINK_PLACEHOLDER in its place and keeps
   * the link only encrypted, until the transport has it; then the link is gone.
   */
  oneTimeLink?: string;
}

/** What the outbox stores and shows where an email's one-time link was. */
export const ONE_TIME_LINK_PLACEHOLDER = '[one-time link: sent only to the recipient, not kept]';

/** Something that can put an email on its way: SMTP, GOV.UK Notify, or nothing (outbox only). */
export type EmailTransport = Transport<EmailMessage>;

export { OutboxOnlyTransport } from './transport.ts';

/** Sends through an SMTP server (nodemailer). */
export class SmtpTransport implements EmailTransport {
  readonly name = 'smtp';
  private readonly transporter: Promise<{ sendMail(options: Record<string, unknown>): Promise<unknown> }>;
  constructor(
    url: string,
    private readonly from: string,
  ) {
    this.transporter = import('nodemailer').then((nodemailer) => nodemailer.default.createTransport(url));
  }
  async send(message: EmailMessage): Promise<boolean> {
    const transporter = await this.transporter;
    await transporter.sendMail({ from: this.from, to: message.to, subject: message.subject, text: message.body });
    return true;
  }
}

/** Sends through GOV.UK Notify with one template whose personalisation is `subject` and `body`. */
export class GovukNotifyTransport implements EmailTransport {
  readonly name = 'govuk-notify';
  constructor(
    private readonly apiKey: string,
    private readonly templateId: string,
    private readonly baseUrl = 'https://api.notifications.service.gov.uk',
  ) {}
  async send(message: EmailMessage): Promise<boolean> {
    const client = await notifyClient(this.baseUrl, this.apiKey);
    await client.sendEmail(this.templateId, message.to, {
      personalisation: { subject: message.subject, body: message.body },
    });
    return true;
  }
}

/** Chooses the transport named in configuration. */
export function transportFromConfig(config: Config): EmailTransport {
  switch (config.notify.transport) {
    case 'smtp':
      return new SmtpTransport(config.notify.smtpUrl ?? '', config.notify.mailFrom);
    case 'govuk-notify':
      return new GovukNotifyTransport(
        config.notify.govukNotifyApiKey ?? '',
        config.notify.govukNotifyTemplateId ?? '',
        config.notify.govukNotifyBaseUrl,
      );
    default:
      return new OutboxOnlyTransport();
  }
}

/** The job that hands an outbox message to the transport. */
export const DELIVER_JOB = 'notify.deliver';

/**
 * Every email goes into the outbox first, in the caller's transaction; a job then hands it
 * to the transport and retries if the transport fails. Administrators can read the outbox.
 */
export class Notifier {
  constructor(
    private readonly transport: EmailTransport,
    /** Seals one-time links until the transport has them. */
    private readonly encryptionKey: Buffer,
    /** Text messages: their transport and the key ring that seals the numbers in the outbox. */
    private readonly sms?: { transport: SmsTransport; ring: KeyRing },
  ) {}

  /** Puts a text message in the outbox (the number sealed) and queues its delivery. */
  async sendSms(db: Executor, message: SmsMessage): Promise<string> {
    if (!this.sms) {
      throw new Error('This notifier sends no text messages');
    }
    return queueSms(db, this.sms.ring, this.sms.transport.name, message);
  }

  /** Puts an email to a person being helped (not a member of staff) in the outbox, the address sealed. */
  async sendEmailToPerson(db: Executor, message: SealedEmail): Promise<string> {
    if (!this.sms) {
      throw new Error('This notifier has no key ring for sealed recipients');
    }
    return queueSealedEmail(db, this.sms.ring, this.transport.name, message);
  }

  /** Puts an email in the outbox and queues its delivery. */
  async sendEmail(db: Executor, message: EmailMessage): Promise<string> {
    const id = newId();
    const link = message.oneTimeLink;
    if (link !== undefined && !message.body.includes(link)) {
      throw new Error('The one-time link is not in the email body');
    }
    return queueOutboxMessage(
      db,
      {
        id,
        recipient: message.to,
        subject: message.subject,
        body: link ? message.body.replaceAll(link, ONE_TIME_LINK_PLACEHOLDER) : message.body,
        one_time_link: link ? encryptSecret(this.encryptionKey, link) : null,
        organisation_id: message.organisationId ?? null,
        transport: this.transport.name,
      },
      DELIVER_JOB,
    );
  }

  /** Registers the delivery job on a queue. */
  registerJobs(queue: JobQueue, db: Kysely<Database>, log: Logger): void {
    if (this.sms) {
      registerSealedDelivery(queue, db, { sms: this.sms.transport, email: this.transport }, this.sms.ring, log);
    }
    queue.register(DELIVER_JOB, async (payload, job) => {
      const message = await findMessageToDeliver(db, String(payload.messageId));
      if (!message || message.status === 'sent' || message.status === 'kept') {
        return;
      }
      try {
        const body = message.one_time_link
          ? message.body.replaceAll(ONE_TIME_LINK_PLACEHOLDER, decryptSecret(this.encryptionKey, message.one_time_link))
          : message.body;
        const sent = await this.transport.send({ to: message.recipient, subject: message.subject, body });
        // The link has reached the transport (or, outbox-only, has nowhere to go): it is not kept.
        await recordDeliveryAttempt(db, message.id, {
          one_time_link: null,
          status: sent ? 'sent' : 'kept',
          sent_at: sent ? new Date() : null,
          attempts: job.attempts,
          last_error: null,
        });
      } catch (error) {
        const text = error instanceof Error ? error.message : String(error);
        const final = job.attempts >= job.max_attempts;
        await recordDeliveryAttempt(db, message.id, {
          status: final ? 'failed' : 'pending',
          ...(final ? { one_time_link: null } : {}),
          attempts: job.attempts,
          last_error: text.slice(0, 500),
        });
        log.warn({ messageId: message.id, attempt: job.attempts }, 'email delivery failed');
        throw error;
      }
    });
  }
}

/**
 * Deletes sent and failed emails older than `retentionDays` (by when they were sent, or
 * created when never sent): recipients and bodies are personal data and are not kept for
 * ever. Pending messages are still on their way, and 'kept' ones are the only copy of an
 * email under the outbox-only transport, so neither is touched. Returns how many went.
 */
export async function sweepOutbox(db: Executor, retentionDays: number, now: Date = new Date()): Promise<number> {
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  return deleteFinishedMessagesBefore(db, before);
}
