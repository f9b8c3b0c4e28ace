import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Config } from '../../config.ts';
import { newId } from '../../lib/ids.ts';
import type { KeyRing } from '../crypto.ts';
import type { EncryptedColumnSet } from '../encrypted-columns.ts';
import type { Database } from '../db/schema.ts';
import type { Executor } from '../db/transaction.ts';
import type { JobQueue } from '../jobs/queue.ts';
import { notifyClient } from './notify-client.ts';
import { OutboxOnlyTransport, type Transport } from './transport.ts';
import { findMessageToDeliver, queueOutboxMessage, recordDeliveryAttempt } from './outbox.repo.ts';

/** Whatever sends emails (the notifier's email transport). */
export interface EmailSender {
  send(message: { to: string; subject: string; body: string }): Promise<boolean>;
}

/** A text message to one phone. Plain text; links in it are full URLs. */
export interface SmsMessage {
  to: string;
  body: string;
  organisationId?: string | null;
}

/** Something that can send a text message: GOV.UK Notify, or nothing (outbox only). */
export type SmsTransport = Transport<SmsMessage>;

/** Sends through GOV.UK Notify with one text message template whose personalisation is `body`. */
export class GovukNotifySmsTransport implements SmsTransport {
  readonly name = 'govuk-notify';
  constructor(
    private readonly apiKey: string,
    private readonly templateId: string,
    private readonly baseUrl = 'https://api.notifications.service.gov.uk',
  ) {}
  async send(message: SmsMessage): Promise<boolean> {
    const client = await notifyClient(this.baseUrl, this.apiKey);
    await client.sendSms(this.templateId, message.to, { personalisation: { body: message.body } });
    return true;
  }
}

/** Chooses the text message transport named in configuration. */
export function smsTransportFromConfig(config: Config): SmsTransport {
  return config.notify.smsTransport === 'govuk-notify'
    ? new GovukNotifySmsTransport(
        config.notify.govukNotifyApiKey ?? '',
        config.notify.govukNotifySmsTemplateId ?? '',
        config.notify.govukNotifyBaseUrl,
      )
    : new OutboxOnlyTransport();
}

/** The job that hands an outbox message with a sealed recipient (a text, or an email to a person being helped) to its transport. */
export const DELIVER_SEALED_JOB = 'notify.deliver-sealed';

/** An email to a person being helped, whose address is sealed in the outbox like a phone number. */
export interface SealedEmail {
  to: string;
  subject: string;
  body: string;
  organisationId?: string | null;
}

/** An email address as the outbox shows it when it is a person's: the domain only. */
export function maskedEmail(email: string): string {
  return `an address at ${email.split('@').pop() ?? ''}`;
}

/** Puts an email to a person being helped in the outbox, the address sealed, and queues its delivery. */
export async function queueSealedEmail(
  db: Executor,
  ring: KeyRing,
  transport: string,
  message: SealedEmail,
): Promise<string> {
  return queueOutboxMessage(
    db,
    {
      id: newId(),
      channel: 'email',
      recipient: maskedEmail(message.to),
      recipient_enc: ring.seal(message.to),
      subject: message.subject,
      body: message.body,
      organisation_id: message.organisationId ?? null,
      transport,
    },
    DELIVER_SEALED_JOB,
  );
}

/** The outbox's sealed recipients, for `rotate-key`. */
export const OUTBOX_ENCRYPTED_COLUMNS: readonly EncryptedColumnSet[] = [
  { table: 'outbox_messages', columns: ['recipient_enc'] },
];

/** A phone number as the outbox shows it: only its last three digits. */
export function maskedPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `phone ending ${digits.slice(-3)}`;
}

/**
 * Puts a text message in the outbox and queues its delivery. The number is a person's, so it
 * is sealed (`recipient_enc`) and the readable recipient is masked.
 */
export async function queueSms(db: Executor, ring: KeyRing, transport: string, message: SmsMessage): Promise<string> {
  return queueOutboxMessage(
    db,
    {
      id: newId(),
      channel: 'sms',
      recipient: maskedPhone(message.to),
      recipient_enc: ring.seal(message.to),
      subject: 'Text message',
      body: message.body,
      organisation_id: message.organisationId ?? null,
      transport,
    },
    DELIVER_SEALED_JOB,
  );
}

/** Registers the sealed delivery job: opens the recipient, sends by its channel, records how it went. */
export function registerSealedDelivery(
  queue: JobQueue,
  db: Kysely<Database>,
  transports: { sms: SmsTransport; email: EmailSender },
  ring: KeyRing,
  log: Logger,
): void {
  queue.register(DELIVER_SEALED_JOB, async (payload, job) => {
    const message = await findMessageToDeliver(db, String(payload.messageId));
    if (!message || message.status === 'sent' || message.status === 'kept' || !message.recipient_enc) {
      return;
    }
    try {
      const to = ring.open(message.recipient_enc);
      const sent =
        message.channel === 'sms'
          ? await transports.sms.send({ to, body: message.body })
          : await transports.email.send({ to, subject: message.subject, body: message.body });
      await recordDeliveryAttempt(db, message.id, {
        status: sent ? 'sent' : 'kept',
        sent_at: sent ? new Date() : null,
        attempts: job.attempts,
      });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      const final = job.attempts >= job.max_attempts;
      await recordDeliveryAttempt(db, message.id, {
        status: final ? 'failed' : 'pending',
        attempts: job.attempts,
        last_error: text.slice(0, 500),
      });
      log.warn({ messageId: message.id, attempt: job.attempts }, 'sealed message delivery failed');
      throw error;
    }
  });
}
