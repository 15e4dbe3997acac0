import { useState, type ReactNode } from "react";
import { api, messageOf, setCsrfToken } from "../api";
import { Field } from "../components/ui";
import type { Session } from "../types";

export default function LoginPage({ onSignedIn }: { onSignedIn: (session: Session) => void }): ReactNode {
  const [workspace, setWorkspace] = useState("harbor");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | undefined>(undefined);
  const [busy, setBusy] = useState(false);

  const submit = async (): Promise<void> => {
    setBusy(true);
    setError(undefined);
    try {
      setCsrfToken(null);
      const session = await api.post<Session>("/api/auth/login", { workspace, email, password });
      onSignedIn(session);
    } catch (err) {
      setError(messageOf(err));
      setBusy(false);
    }
  };

  return (
    <main id="main" className="login">
      <div className="login-card">
        <p className="brand-large" aria-hidden="true">
          Frontdesk
        </p>
        <h1>Sign in to the desk</h1>
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void submit();
          }}
          aria-describedby={error ? "login-error" : undefined}
        >
          <Field label="Workspace" htmlFor="login-workspace">
            <input
              id="login-workspace"
              name="workspace"
              autoComplete="organization"
              required
              value={workspace}
              onChange={(e) => {
                setWorkspace(e.target.value);
              }}
            />
          </Field>
          <Field label="Email" htmlFor="login-email">
            <input
              id="login-email"
              name="email"
              type="email"
              autoComplete="username"
              required
              autoFocus
              value={email}
              onChange={(e) => {
                setEmail(e.target.value);
              }}
            />
          </Field>
          <Field label="Password" htmlFor="login-password">
            <input
              id="login-password"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(e) => {
                setPassword(e.target.value);
              }}
            />
          </Field>
          <div className="form-error-slot" aria-live="assertive">
            {error && (
              <p id="login-error" className="error-text" role="alert">
                {error}
              </p>
            )}
          </div>
          <button type="submit" className="button primary wide" disabled={busy}>
            {busy ? "Signing in…" : "Sign in"}
          </button>
        </form>
      </div>
    </main>
  );
}
