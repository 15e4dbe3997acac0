import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { api, query } from "../api";
import { Empty, ErrorMessage, Field, Loading } from "../components/ui";
import { formatMoney } from "../format";
import { useAction, useGet } from "../hooks";
import { can, useSession } from "../session";
import type { Client, Page } from "../types";

export default function ClientsPage(): ReactNode {
  const state = useSession();
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const list = useGet<Page<Client>>(`/api/clients${query({ q, limit: 100 })}`);
  const [editing, setEditing] = useState<Client | "new" | null>(null);
  const mayWrite = can(state, "clients:write");

  useEffect(() => {
    const handle = window.setTimeout(() => {
      setQ(search.trim());
    }, 250);
    return () => {
      window.clearTimeout(handle);
    };
  }, [search]);

  return (
    <section className="page" aria-labelledby="clients-title">
      <div className="page-head">
        <h1 id="clients-title">Clients</h1>
        {mayWrite && (
          <button
            type="button"
            className="button primary"
            onClick={() => {
              setEditing("new");
            }}
          >
            New client
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
        <label htmlFor="clients-search">Search clients</label>
        <input
          id="clients-search"
          type="search"
          value={search}
          onChange={(e) => {
            setSearch(e.target.value);
          }}
        />
      </form>
      {editing && (
        <ClientEditor
          key={editing === "new" ? "new" : editing.id}
          client={editing === "new" ? null : editing}
          onDone={(changed) => {
            setEditing(null);
            if (changed) list.reload();
          }}
        />
      )}
      <ErrorMessage message={list.error} onRetry={list.reload} />
      {list.loading && !list.data && <Loading lines={4} />}
      {list.data?.items.length === 0 && <Empty>{q ? "No client matches." : "No clients yet."}</Empty>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap" tabIndex={0} role="region" aria-label="Client list">
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Domain</th>
                <th scope="col">Credit limit</th>
                <th scope="col">Owed now</th>
                <th scope="col">Available</th>
                <th scope="col">Terms</th>
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
                  <td>{c.domain ?? "—"}</td>
                  <td>{formatMoney(c.creditAccount.limitMinor, c.creditAccount.currency)}</td>
                  <td>{formatMoney(c.creditAccount.balanceMinor, c.creditAccount.currency)}</td>
                  <td className={c.creditAccount.availableMinor < 0 ? "over-limit" : undefined}>
                    {formatMoney(c.creditAccount.availableMinor, c.creditAccount.currency)}
                  </td>
                  <td>{c.creditAccount.termsDays} days</td>
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

function ClientEditor({
  client,
  onDone,
}: {
  client: Client | null;
  onDone: (changed: boolean) => void;
}): ReactNode {
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [name, setName] = useState(client?.name ?? "");
  const [domain, setDomain] = useState(client?.domain ?? "");
  const [currency, setCurrency] = useState(client?.currency ?? "USD");
  const [terms, setTerms] = useState(String(client?.creditAccount.termsDays ?? 30));
  // Entered in major units (dollars), stored in minor units (cents).
  const [limit, setLimit] = useState(client ? String(client.creditAccount.limitMinor / 100) : "0");
  const [notes, setNotes] = useState(client?.notes ?? "");
  const action = useAction();
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const submit = async (): Promise<void> => {
    const body = {
      name,
      domain: domain.trim() || null,
      currency: currency.toUpperCase(),
      creditTermsDays: Number(terms),
      creditLimitMinor: Math.round(Number(limit) * 100),
      notes,
    };
    const ok = await action.run(async () => {
      if (client) await api.patch(`/api/clients/${client.id}`, body);
      else await api.post("/api/clients", body);
    });
    if (ok) onDone(true);
  };
  return (
    <section className="panel editor" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`} ref={heading} tabIndex={-1}>
        {client ? `Edit ${client.name}` : "New client"}
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
        <Field
          label="Mail domain"
          htmlFor={`${id}-domain`}
          hint="Customers with an email at this domain are linked."
        >
          <input
            id={`${id}-domain`}
            maxLength={253}
            value={domain}
            aria-describedby={`${id}-domain-hint`}
            onChange={(e) => {
              setDomain(e.target.value);
            }}
          />
        </Field>
        <Field label="Currency" htmlFor={`${id}-currency`}>
          <input
            id={`${id}-currency`}
            required
            pattern="[A-Za-z]{3}"
            maxLength={3}
            value={currency}
            onChange={(e) => {
              setCurrency(e.target.value);
            }}
          />
        </Field>
        <Field label="Credit terms (days)" htmlFor={`${id}-terms`}>
          <input
            id={`${id}-terms`}
            type="number"
            min={0}
            max={365}
            required
            value={terms}
            onChange={(e) => {
              setTerms(e.target.value);
            }}
          />
        </Field>
        <Field label="Credit limit" htmlFor={`${id}-limit`}>
          <input
            id={`${id}-limit`}
            type="number"
            min={0}
            step="0.01"
            required
            value={limit}
            onChange={(e) => {
              setLimit(e.target.value);
            }}
          />
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
            {client ? "Save changes" : "Create client"}
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
