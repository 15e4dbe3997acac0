import type { CustomerCaseRow, CustomerRow } from "./customers.store.js";

export interface CustomerView {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  clientId: string | null;
  notes: string;
  createdAt: string;
  updatedAt: string;
}

export function presentCustomer(row: CustomerRow): CustomerView {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    phone: row.phone,
    clientId: row.client_id,
    notes: row.notes,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** One line of a customer's history: enough to recognise the case and open it. */
export interface CustomerCaseView {
  id: string;
  number: number;
  subject: string;
  status: string;
  createdAt: string;
}

export function presentCustomerCase(row: CustomerCaseRow): CustomerCaseView {
  return {
    id: row.id,
    number: row.number,
    subject: row.subject,
    status: row.status,
    createdAt: row.created_at,
  };
}
