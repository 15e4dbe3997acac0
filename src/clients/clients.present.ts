import { availableCredit, type OrderStatus, type PaymentMethod } from "./clients.rules.js";
import type { ClientRow, OrderRow, PaymentRow } from "./clients.store.js";

export interface CreditAccountView {
  currency: string;
  termsDays: number;
  limitMinor: number;
  /** What the client owes now: orders on account less payments. */
  balanceMinor: number;
  /** limitMinor − balanceMinor; negative when over the limit. */
  availableMinor: number;
}

export interface ClientView {
  id: string;
  name: string;
  domain: string | null;
  currency: string;
  notes: string;
  creditAccount: CreditAccountView;
  createdAt: string;
  updatedAt: string;
}

export function presentClient(row: ClientRow): ClientView {
  return {
    id: row.id,
    name: row.name,
    domain: row.domain,
    currency: row.currency,
    notes: row.notes,
    creditAccount: {
      currency: row.currency,
      termsDays: row.credit_terms_days,
      limitMinor: row.credit_limit_minor,
      balanceMinor: row.credit_balance_minor,
      availableMinor: availableCredit(row.credit_limit_minor, row.credit_balance_minor),
    },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface OrderView {
  id: string;
  clientId: string;
  customerId: string | null;
  reference: string;
  description: string;
  amountMinor: number;
  currency: string;
  onAccount: boolean;
  status: OrderStatus;
  orderedAt: string;
  createdAt: string;
}

export function presentOrder(row: OrderRow): OrderView {
  return {
    id: row.id,
    clientId: row.client_id,
    customerId: row.customer_id,
    reference: row.reference,
    description: row.description,
    amountMinor: row.amount_minor,
    currency: row.currency,
    onAccount: row.on_account === 1,
    status: row.status as OrderStatus,
    orderedAt: row.ordered_at,
    createdAt: row.created_at,
  };
}

export interface PaymentView {
  id: string;
  clientId: string;
  reference: string;
  amountMinor: number;
  currency: string;
  method: PaymentMethod;
  paidAt: string;
  createdAt: string;
}

export function presentPayment(row: PaymentRow): PaymentView {
  return {
    id: row.id,
    clientId: row.client_id,
    reference: row.reference,
    amountMinor: row.amount_minor,
    currency: row.currency,
    method: row.method as PaymentMethod,
    paidAt: row.paid_at,
    createdAt: row.created_at,
  };
}
