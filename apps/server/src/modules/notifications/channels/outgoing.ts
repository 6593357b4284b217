/** The notice as a generic webhook receives it. */
export interface WebhookNotice {
  id: number;
  docNumber: string | null;
  title: string;
  state: string;
  severity: string;
  unitId: number;
  unitName: string | null;
  signDueAt: string | null;
  rectifyDueAt: string | null;
}

/** One rendered message on its way out through a channel. */
export interface OutgoingMessage {
  deliveryId: number;
  outboxId: number;
  topic: string;
  /** When the change happened (the outbox row's time). */
  occurredAt: string;
  title: string;
  body: string;
  /** E-mail address for the e-mail channel; null for group channels. */
  to: string | null;
  notice: WebhookNotice | null;
  /** The outbox payload, passed on to generic webhooks. */
  data: Record<string, unknown>;
}
