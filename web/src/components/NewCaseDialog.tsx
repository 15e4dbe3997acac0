import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { api, query } from "../api";
import { useAction, useGet } from "../hooks";
import { navigate } from "../router";
import type { Case, Customer, Page } from "../types";
import { ErrorMessage, Field } from "./ui";

const CHANNEL_CHOICES = [
  { id: "phone", label: "Phone call" },
  { id: "walk_in", label: "Walk-in" },
  { id: "email", label: "Email" },
] as const;

/**
 * A new case in a few keystrokes: `n`, type the subject, Enter (a phone call by default).
 * The customer is optional and found by name, email or phone.
 */
export default function NewCaseDialog({ onClose }: { onClose: () => void }): ReactNode {
  const id = useId();
  const ref = useRef<HTMLDialogElement>(null);
  const [subject, setSubject] = useState("");
  const [channel, setChannel] = useState<string>("phone");
  const [description, setDescription] = useState("");
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [search, setSearch] = useState("");
  const [q, setQ] = useState("");
  const action = useAction();
  const found = useGet<Page<Customer>>(q && !customer ? `/api/customers${query({ q, limit: 6 })}` : null);

  useEffect(() => {
    const dialog = ref.current;
    // No close() on cleanup: closing fires "close", which would unmount the dialog it just opened
    // when React re-runs effects; removing the element ends the modal state anyway.
    if (dialog && !dialog.open) dialog.showModal();
  }, []);

  useEffect(() => {
    const handle = window.setTimeout(() => {
      setQ(search.trim());
    }, 200);
    return () => {
      window.clearTimeout(handle);
    };
  }, [search]);

  const create = async (): Promise<void> => {
    await action.run(async () => {
      const created = await api.post<Case>("/api/cases", {
        subject: subject.trim(),
        channel,
        ...(customer && { customerId: customer.id }),
        ...(description.trim() && { description: description.trim() }),
      });
      onClose();
      navigate(`/cases/${created.number}`);
    });
  };

  const addCustomer = async (): Promise<void> => {
    await action.run(async () => {
      const created = await api.post<Customer>("/api/customers", { name: search.trim() });
      setCustomer(created);
      setSearch("");
    });
  };

  return (
    <dialog
      ref={ref}
      className="dialog"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void create();
        }}
      >
        <h2 id={`${id}-title`}>New case</h2>
        <Field label="Subject" htmlFor={`${id}-subject`}>
          <input
            id={`${id}-subject`}
            autoFocus
            required
            maxLength={300}
            value={subject}
            onChange={(e) => {
              setSubject(e.target.value);
            }}
          />
        </Field>
        <fieldset className="segmented">
          <legend>How did they reach us?</legend>
          {CHANNEL_CHOICES.map((c) => (
            <label key={c.id} className={channel === c.id ? "checked" : undefined}>
              <input
                type="radio"
                name={`${id}-channel`}
                value={c.id}
                checked={channel === c.id}
                onChange={() => {
                  setChannel(c.id);
                }}
              />
              {c.label}
            </label>
          ))}
        </fieldset>
        {customer ? (
          <div className="field">
            <span className="label">Customer</span>
            <p className="chosen">
              <strong>{customer.name}</strong> {customer.email ?? customer.phone ?? ""}{" "}
              <button
                type="button"
                className="link-button"
                onClick={() => {
                  setCustomer(null);
                }}
              >
                Change
              </button>
            </p>
          </div>
        ) : (
          <Field
            label="Customer (optional)"
            htmlFor={`${id}-customer`}
            hint="Search by name, email or phone."
          >
            <input
              id={`${id}-customer`}
              type="search"
              autoComplete="off"
              value={search}
              aria-describedby={`${id}-customer-hint`}
              aria-controls={q ? `${id}-customer-results` : undefined}
              onKeyDown={(e) => {
                // Enter here picks the first match instead of submitting the form half-done.
                if (e.key === "Enter" && search.trim()) {
                  e.preventDefault();
                  const first = found.data?.items[0];
                  if (first) setCustomer(first);
                }
              }}
              onChange={(e) => {
                setSearch(e.target.value);
              }}
            />
          </Field>
        )}
        {!customer && q && (
          <div id={`${id}-customer-results`} className="picker" aria-live="polite">
            {found.loading && <p className="muted">Searching…</p>}
            {found.error && <p className="error-text">{found.error}</p>}
            {found.data && (
              <ul>
                {found.data.items.map((c) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      className="pick"
                      onClick={() => {
                        setCustomer(c);
                      }}
                    >
                      <strong>{c.name}</strong> <span className="muted">{c.email ?? c.phone ?? ""}</span>
                    </button>
                  </li>
                ))}
                <li>
                  <button
                    type="button"
                    className="pick add"
                    onClick={() => {
                      void addCustomer();
                    }}
                  >
                    Add “{q}” as a new customer
                  </button>
                </li>
              </ul>
            )}
          </div>
        )}
        <Field label="First note (optional)" htmlFor={`${id}-description`}>
          <textarea
            id={`${id}-description`}
            rows={3}
            value={description}
            onChange={(e) => {
              setDescription(e.target.value);
            }}
          />
        </Field>
        <ErrorMessage message={action.error} />
        <div className="form-actions">
          <button type="submit" className="button primary" disabled={action.busy}>
            Create case
          </button>
          <button type="button" className="button secondary" onClick={onClose}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
