import type { ReactNode } from "react";
import { formatDate, formatMoney, humanize } from "../../format";
import { useGet } from "../../hooks";
import { can, useSession } from "../../session";
import type { Case, Client, Customer, CustomerCase, Order, Page, Payment } from "../../types";
import { Empty, ErrorMessage, Loading, StatusBadge } from "../ui";
import { PortalLinkPanel } from "./PortalLinkPanel";

/** Who the case is for: the customer, their earlier cases, and the client's account. */
export function SidePanel({ item }: { item: Case }): ReactNode {
  const state = useSession();
  const customer = useGet<Customer>(item.customerId ? `/api/customers/${item.customerId}` : null);
  const clientId = item.clientId ?? customer.data?.clientId ?? null;
  return (
    <>
      <section className="panel customer" aria-labelledby="customer-title">
        <h2 id="customer-title">Customer</h2>
        {!item.customerId ? (
          <Empty>No customer on this case.</Empty>
        ) : (
          <>
            <ErrorMessage message={customer.error} onRetry={customer.reload} />
            {customer.loading && !customer.data && <Loading lines={2} />}
            {customer.data && (
              <>
                <p className="name">{customer.data.name}</p>
                <dl className="facts">
                  <dt>Email</dt>
                  <dd>{customer.data.email ?? "—"}</dd>
                  <dt>Phone</dt>
                  <dd>{customer.data.phone ?? "—"}</dd>
                </dl>
                {customer.data.notes && <p className="notes">{customer.data.notes}</p>}
                <EarlierCases customerId={customer.data.id} current={item.id} />
                {can(state, "portal:write") && (
                  <PortalLinkPanel customerId={customer.data.id} caseId={item.id} />
                )}
              </>
            )}
          </>
        )}
      </section>
      {clientId && <ClientPanel clientId={clientId} />}
    </>
  );
}

function EarlierCases({ customerId, current }: { customerId: string; current: string }): ReactNode {
  const cases = useGet<{ items: CustomerCase[] }>(`/api/customers/${customerId}/cases`);
  const others = cases.data?.items.filter((c) => c.id !== current) ?? [];
  return (
    <>
      <h3>Earlier cases</h3>
      <ErrorMessage message={cases.error} />
      {cases.loading && !cases.data && <Loading lines={1} />}
      {cases.data && others.length === 0 && <Empty>None.</Empty>}
      {others.length > 0 && (
        <ul className="mini-list">
          {others.map((c) => (
            <li key={c.id}>
              <a href={`#/cases/${c.number}`}>
                #{c.number} {c.subject}
              </a>{" "}
              <StatusBadge status={c.status} /> <span className="muted">{formatDate(c.createdAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

function ClientPanel({ clientId }: { clientId: string }): ReactNode {
  const client = useGet<Client>(`/api/clients/${clientId}`);
  const orders = useGet<Page<Order>>(`/api/clients/${clientId}/orders?limit=5`);
  const payments = useGet<Page<Payment>>(`/api/clients/${clientId}/payments?limit=5`);
  const c = client.data;
  return (
    <section className="panel client" aria-labelledby="client-title">
      <h2 id="client-title">Client</h2>
      <ErrorMessage message={client.error} onRetry={client.reload} />
      {client.loading && !c && <Loading lines={3} />}
      {c && (
        <>
          <p className="name">{c.name}</p>
          {c.domain && <p className="muted">{c.domain}</p>}
          <h3>Credit account</h3>
          <dl className="facts">
            <dt>Limit</dt>
            <dd>{formatMoney(c.creditAccount.limitMinor, c.creditAccount.currency)}</dd>
            <dt>Owed now</dt>
            <dd>{formatMoney(c.creditAccount.balanceMinor, c.creditAccount.currency)}</dd>
            <dt>Available</dt>
            <dd className={c.creditAccount.availableMinor < 0 ? "over-limit" : undefined}>
              {formatMoney(c.creditAccount.availableMinor, c.creditAccount.currency)}
              {c.creditAccount.availableMinor < 0 && " (over the limit)"}
            </dd>
            <dt>Terms</dt>
            <dd>{c.creditAccount.termsDays} days</dd>
          </dl>
          {c.notes && <p className="notes">{c.notes}</p>}
        </>
      )}
      <h3>Recent orders</h3>
      <ErrorMessage message={orders.error} />
      {orders.data?.items.length === 0 && <Empty>No orders.</Empty>}
      {orders.data && orders.data.items.length > 0 && (
        <ul className="mini-list">
          {orders.data.items.map((o) => (
            <li key={o.id}>
              <span>
                {o.reference} · {formatMoney(o.amountMinor, o.currency)}
                {o.onAccount ? " on account" : ""}
              </span>{" "}
              <span className="muted">
                {humanize(o.status)} · {formatDate(o.orderedAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
      <h3>Recent payments</h3>
      <ErrorMessage message={payments.error} />
      {payments.data?.items.length === 0 && <Empty>No payments.</Empty>}
      {payments.data && payments.data.items.length > 0 && (
        <ul className="mini-list">
          {payments.data.items.map((p) => (
            <li key={p.id}>
              <span>
                {p.reference} · {formatMoney(p.amountMinor, p.currency)}
              </span>{" "}
              <span className="muted">
                {humanize(p.method)} · {formatDate(p.paidAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
