/** The GOV.UK Notify client, loaded when first used (emails and text messages share it). */

/** The parts of notifications-node-client's NotifyClient that Thirdspace uses. */
export interface NotifyClient {
  sendEmail(templateId: string, to: string, options: Record<string, unknown>): Promise<unknown>;
  sendSms(templateId: string, to: string, options: Record<string, unknown>): Promise<unknown>;
}

/** A Notify client for one API key and base URL. */
export async function notifyClient(baseUrl: string, apiKey: string): Promise<NotifyClient> {
  const { NotifyClient } = (await import('notifications-node-client')) as unknown as {
    NotifyClient: new (baseUrl: string, apiKey: string) => NotifyClient;
  };
  return new NotifyClient(baseUrl, apiKey);
}
