/** What the email and text message transports have in common. */

/** Something that can put a message on its way (SMTP, GOV.UK Notify), or keep it in the outbox. */
export interface Transport<Message> {
  readonly name: string;
  /** Sends the message; throws when it could not (the job retries). Returns false when it keeps it instead. */
  send(message: Message): Promise<boolean>;
}

/** Keeps messages (emails and texts) in the outbox only: the default, for development and demos. */
export class OutboxOnlyTransport implements Transport<unknown> {
  readonly name = 'outbox';
  async send(): Promise<boolean> {
    return false;
  }
}
