import type { ReactNode } from "react";
import { humanize } from "../format";

export function Loading({ label = "Loading…", lines = 3 }: { label?: string; lines?: number }): ReactNode {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: lines }, (_, i) => (
        <div key={i} className="skeleton" aria-hidden="true" />
      ))}
    </div>
  );
}

export function ErrorMessage({
  message,
  onRetry,
}: {
  message: string | undefined;
  onRetry?: () => void;
}): ReactNode {
  if (!message) return null;
  return (
    <div className="error" role="alert">
      <p>{message}</p>
      {onRetry && (
        <button type="button" className="button secondary" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }): ReactNode {
  return <p className="empty">{children}</p>;
}

export function StatusBadge({ status }: { status: string }): ReactNode {
  return <span className={`badge status-${status}`}>{humanize(status)}</span>;
}

export function PriorityBadge({ priority }: { priority: string }): ReactNode {
  return <span className={`badge priority-${priority}`}>{humanize(priority)}</span>;
}

/** A labelled control; the label is always visible (placeholders are not labels). */
export function Field({
  label,
  htmlFor,
  hint,
  children,
}: {
  label: string;
  htmlFor: string;
  hint?: string;
  children: ReactNode;
}): ReactNode {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {hint && (
        <small id={`${htmlFor}-hint`} className="hint">
          {hint}
        </small>
      )}
    </div>
  );
}
