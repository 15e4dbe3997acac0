import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { api, query } from "../api";
import { Empty, ErrorMessage, Field, Loading } from "../components/ui";
import { useAction, useGet } from "../hooks";
import { can, useSession } from "../session";
import type { Client, Customer, Page } from "../types";

export default function CustomersPage(): ReactNode {
  const state = useSession();
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const list = useGet<Page<Customer>>(`/api/customers${query({ q, limit: 100 })}`);
  const clients = useGet<Page<Client>>("/api/clients?limit=200");
  const [editing, setEditing] = useState<Customer | "new" | null>(null);
  const mayWrite = can(state, "customers:write");
  const clientName = (clientId: string | null): string =>
    clientId ? (clients.data?.items.find((c) => c.id === clientId)?.name ?? "—") : "—";

  useEffect(() => {
    const handle = window.setTimeout(() => {
      setQ(search.trim());
    }, 250);
    return () => {
      window.clearTimeout(handle);
    };
  }, [search]);

  return (
    <section className="page" aria-labelledby="customers-title">
      <div className="page-head">
        <h1 id="customers-title">Customers</h1>
        {mayWrite && (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setEditing("new");
            }}
          >
            New customer
          </button>
        )}
      </div>
      <form
        role="search"
        className="inline-field search"
        onSubmit={(e) => {
          e.preventDefault();
          setQ(search.trim());
        }}
      >
        <label htmlFor="customers-search">Search customers</label>
        <input
          id="customers-search"
          type="search"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
          }}
        />
      </form>
      {editing && (
        <CustomerEditor
          key={editing === "new" ? "new" : editing.id}
          customer={editing === "new" ? null : editing}
          clients={clients.data?.items ?? []}
          onDone={(changed) => {
            setEditing(null);
            if (changed) list.reload();
          }}
        />
      )}
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading lines={4} />}
      {list.data?.items.length === 0 && <Empty>{q ? "No customer matches." : "No customers yet."}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Customer list">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col">Phone</th>
                <th scope="col">Client</th>
                {mayWrite && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.name}</th>
                  <td>{c.email ?? "—"}</td>
                  <td>{c.phone ?? "—"}</td>
                  <td>{clientName(c.clientId)}</td>
                  {mayWrite && (
                    <td>
                      <button
                        type="button"
                        className="button secondary small"
                        aria-label={`Edit ${c.name}`}
                        onClick={() => {
                          setEditing(c);
                        }}
                      >
                        Edit
                      </button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function CustomerEditor({
  customer,
  clients,
  onDone,
}: {
  customer: Customer | null;
  clients: Client[];
  onDone: (changed: boolean) => void;
}): ReactNode {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [name, setName] = useState(customer?.name ?? "");
  const [email, setEmail] = useState(customer?.email ?? "");
  const [phone, setPhone] = useState(customer?.phone ?? "");
  // "auto" leaves the link to the email's domain (the API's rule when clientId is omitted).
  const [clientId, setClientId] = useState(customer ? (customer.clientId ?? "") : "auto");
  const [notes, setNotes] = useState(customer?.notes ?? "");
  const action = useAction();
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const submit = async (): Promise<void> => {
    const body = {
      name,
      email: email.trim() || null,
      phone: phone.trim() || null,
      notes,
      ...(clientId !== "auto" && { clientId: clientId || null }),
    };
    const ok = await action.run(async () => {
      if (customer) await api.patch(`/api/customers/${customer.id}`, body);
      else await api.post("/api/customers", body);
    });
    if (ok) onDone(true);
  };
  return (
    <section className="panel editor" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {customer ? `Edit ${customer.name}` : "New customer"}
      </h2>
      <form
        className="grid-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <Field label="Name" htmlFor={`${id}-name`}>
          <input
            id={`${id}-name`}
            required
            maxLength={200}
            value={name}
            onChange={(e) => {
              setName(e.target.value);
            }}
          />
        </Field>
        <Field label="Email" htmlFor={`${id}-email`}>
          <input
            id={`${id}-email`}
            type="email"
            maxLength={254}
            value={email}
            onChange={(e) => {
              setEmail(e.target.value);
            }}
          />
        </Field>
        <Field label="Phone" htmlFor={`${id}-phone`}>
          <input
            id={`${id}-phone`}
            type="tel"
            maxLength={40}
            value={phone}
            onChange={(e) => {
              setPhone(e.target.value);
            }}
          />
        </Field>
        <Field label="Client" htmlFor={`${id}-client`}>
          <select
            id={`${id}-client`}
            value={clientId}
            onChange={(e) => {
              setClientId(e.target.value);
            }}
          >
            {!customer && <option value="auto">By the email’s domain</option>}
            <option value="">No client</option>
            {clients.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </Field>
        <Field label="Notes" htmlFor={`${id}-notes`}>
          <textarea
            id={`${id}-notes`}
            rows={2}
            value={notes}
            onChange={(e) => {
              setNotes(e.target.value);
            }}
          />
        </Field>
        <ErrorMessage message={action.error} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={action.busy}>
            {customer ? "Save changes" : "Create customer"}
          </button>
          <button
            type="button"
            className="button secondary"
            onClick={() => {
              onDone(false);
            }}
          >
            Cancel
          </button>
        </div>
      </form>
    </section>
  );
}
