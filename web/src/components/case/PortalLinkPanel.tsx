import { useId, useState, type ReactNode } from "react";
import { api } from "../../api";
import { formatDate, formatDateTime } from "../../format";
import { useAction, useGet } from "../../hooks";
import type { PortalLink } from "../../portal/types";
import { ErrorMessage } from "../ui";

/**
 * Makes a portal link for the customer, shown once to copy and pass on (the email channel will
 * mail it later), and lists their live links with a way to withdraw one.
 */
export function PortalLinkPanel({ customerId, caseId }: { customerId: string; caseId: string }): ReactNode {
  const id = useId();
  const [scope, setScope] = useState<"case" | "customer">("case");
  const [created, setCreated] = useState<PortalLink | undefined>(undefined);
  const [copied, setCopied] = useState("");
  const links = useGet<{ items: PortalLink[] }>(`/api/customers/${customerId}/portal-links`);
  const action = useAction();
  const live = links.data?.items.filter((l) => l.state === "active") ?? [];

  const create = async (): Promise<void> => {
    setCopied("");
    await action.run(async () => {
      const link = await api.post<PortalLink>(
        `/api/customers/${customerId}/portal-links`,
        scope === "case" ? { caseId } : {},
      );
      setCreated(link);
      links.reload();
    });
  };

  const withdraw = async (linkId: string): Promise<void> => {
    await action.run(async () => {
      await api.delete(`/api/portal-links/${linkId}`);
      if (created?.id === linkId) setCreated(undefined);
      links.reload();
    });
  };

  const copy = async (url: string): Promise<void> => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("Copied.");
    } catch {
      setCopied("Select the link and copy it.");
    }
  };

  return (
    <div className="portal-link" aria-labelledby={`${id}-title`} role="group">
      <h3 id={`${id}-title`}>Portal link</h3>
      <fieldset className="segmented">
        <legend>The link opens</legend>
        {(
          [
            ["case", "This case only"],
            ["customer", "All their cases"],
          ] as const
        ).map(([value, label]) => (
          <label key={value} className={scope === value ? "checked" : undefined}>
            <input
              type="radio"
              name={`${id}-scope`}
              value={value}
              checked={scope === value}
              onChange={() => {
                setScope(value);
              }}
            />
            {label}
          </label>
        ))}
      </fieldset>
      <button type="button" className="button secondary" disabled={action.busy} onClick={() => void create()}>
        Create portal link
      </button>
      {created?.url && (
        <div className="portal-link-made">
          <label htmlFor={`${id}-url`}>Link for the customer (shown once)</label>
          <div className="copy-field">
            <input
              id={`${id}-url`}
              readOnly
              value={created.url}
              onFocus={(e) => {
                e.currentTarget.select();
              }}
            />
            <button
              type="button"
              className="button secondary small"
              onClick={() => void copy(created.url ?? "")}
            >
              Copy
            </button>
          </div>
          <p className="hint">
            Works until {formatDateTime(created.expiresAt)}. Whoever has it can read and reply as the
            customer. <span role="status">{copied}</span>
          </p>
        </div>
      )}
      <ErrorMessage message={action.error ?? links.error} />
      {live.length > 0 && (
        <ul className="mini-list">
          {live.map((l) => (
            <li key={l.id}>
              {l.scope === "case" ? `Case #${l.caseNumber ?? "?"}` : "All cases"} · until{" "}
              {formatDate(l.expiresAt)}{" "}
              <button
                type="button"
                className="link-button"
                aria-label={`Withdraw the link for ${l.scope === "case" ? `case #${l.caseNumber ?? "?"}` : "all cases"} until ${formatDate(l.expiresAt)}`}
                onClick={() => void withdraw(l.id)}
              >
                Withdraw
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
