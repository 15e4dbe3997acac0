import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { ApiError } from "../api";
import { Field } from "../components/ui";
import { useAction } from "../hooks";
import { When } from "./parts";
import { portalApi } from "./portalApi";
import type { PortalRequestResult } from "./types";

/** The desk the form writes to when the address names none (the demo's, as the sign-in page). */
const DEFAULT_DESK = "harbor";

type FieldName = "workspace" | "name" | "email" | "subject" | "message";

/** The public request form: anyone may write; the answer is the request's own portal link. */
export default function RequestPage({ workspace }: { workspace: string | null }): ReactNode {
  const [done, setDone] = useState<PortalRequestResult | undefined>(undefined);
  if (done) return <Sent result={done} />;
  return <RequestForm workspace={workspace} onSent={setDone} />;
}

function RequestForm({
  workspace,
  onSent,
}: {
  workspace: string | null;
  onSent: (result: PortalRequestResult) => void;
}): ReactNode {
  const id = useId();
  const [values, setValues] = useState<Record<FieldName, string>>({
    workspace: workspace ?? DEFAULT_DESK,
    name: "",
    email: "",
    subject: "",
    message: "",
  });
  const [badField, setBadField] = useState<string | undefined>(undefined);
  const action = useAction();

  const input = (name: FieldName) => ({
    id: `${id}-${name}`,
    name,
    value: values[name],
    "aria-invalid": badField === name ? true : undefined,
    onChange: (e: { target: { value: string } }) => {
      setValues((v) => ({ ...v, [name]: e.target.value }));
      if (badField === name) setBadField(undefined);
    },
  });

  const submit = async (): Promise<void> => {
    setBadField(undefined);
    let result: PortalRequestResult | undefined;
    await action.run(async () => {
      try {
        result = await portalApi.post<PortalRequestResult>("/api/portal/requests", values);
      } catch (err) {
        if (err instanceof ApiError) setBadField(err.field);
        throw err;
      }
    });
    if (result) onSent(result);
  };

  return (
    <section className="portal-page" aria-labelledby={`${id}-title`}>
      <h1 id={`${id}-title`}>Send us a request</h1>
      <p className="muted">Tell us what you need. We will answer by the time we show you once you send it.</p>
      <form
        className="panel portal-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate={false}
      >
        {workspace === null && (
          <Field label="Desk" htmlFor={`${id}-workspace`} hint="The desk's address, as given to you.">
            <input {...input("workspace")} required maxLength={63} autoComplete="off" />
          </Field>
        )}
        <div className="portal-form-row">
          <Field label="Your name" htmlFor={`${id}-name`}>
            <input {...input("name")} required maxLength={200} autoComplete="name" />
          </Field>
          <Field label="Your email" htmlFor={`${id}-email`}>
            <input {...input("email")} type="email" required maxLength={254} autoComplete="email" />
          </Field>
        </div>
        <Field label="What is it about?" htmlFor={`${id}-subject`}>
          <input {...input("subject")} required maxLength={300} />
        </Field>
        <Field label="Your message" htmlFor={`${id}-message`}>
          <textarea {...input("message")} rows={6} required maxLength={20000} />
        </Field>
        <div className="form-error-slot" aria-live="assertive">
          {action.error && (
            <p className="error-text" role="alert">
              {action.error}
            </p>
          )}
        </div>
        <button type="submit" className="button primary" disabled={action.busy}>
          {action.busy ? "Sending…" : "Send request"}
        </button>
      </form>
    </section>
  );
}

function Sent({ result }: { result: PortalRequestResult }): ReactNode {
  const heading = useRef<HTMLHeadingElement>(null);
  const [copied, setCopied] = useState("");
  const open = result.promises.filter((p) => p.status === "open");
  useEffect(() => {
    heading.current?.focus();
  }, []);
  const copy = async (): Promise<void> => {
    try {
      await navigator.clipboard.writeText(result.url);
      setCopied("Copied.");
    } catch {
      setCopied("Select the link and copy it.");
    }
  };
  return (
    <section className="portal-page" aria-labelledby="sent-title">
      <h1 id="sent-title" ref={heading} tabIndex={-1}>
        Thank you — we have your request #{result.caseNumber}
      </h1>
      <p>
        <strong>{result.subject}</strong> · {result.statusText}
      </p>
      <section className="panel portal-promises" aria-labelledby="sent-promises">
        <h2 id="sent-promises">What happens next</h2>
        {open.length === 0 ? (
          <p>We will get back to you as soon as we can.</p>
        ) : (
          <ul>
            {open.map((p) => (
              <li key={p.id} className="promise">
                <span className="promise-wording">{p.wording}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section className="panel" aria-labelledby="sent-link">
        <h2 id="sent-link">Follow your request</h2>
        <p>
          This link opens your request, where you can read our replies and answer them. It works until{" "}
          <When iso={result.linkExpiresAt} />. Keep it to yourself: whoever has it can read and reply.
        </p>
        <div className="copy-row">
          <label className="visually-hidden" htmlFor="sent-url">
            Your request's link
          </label>
          <input
            id="sent-url"
            readOnly
            value={result.url}
            onFocus={(e) => {
              e.currentTarget.select();
            }}
          />
          <button type="button" className="button secondary" onClick={() => void copy()}>
            Copy link
          </button>
          <span className="saved" role="status">
            {copied}
          </span>
        </div>
        <p>
          <a className="button primary" href={result.url}>
            Open your request
          </a>
        </p>
      </section>
    </section>
  );
}
