import { lazy, Suspense, useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { Loading } from "../components/ui";
import type { PortalRoute } from "../router";
import { setPortalCsrfToken, setPortalUnauthenticatedHandler, portalApi } from "./portalApi";
import type { PortalMe } from "./types";
import "./portal.css";

const EnterPage = lazy(() => import("./EnterPage"));
const CasesPage = lazy(() => import("./CasesPage"));
const CasePage = lazy(() => import("./CasePage"));
const RequestPage = lazy(() => import("./RequestPage"));

type Visitor = { state: "checking" } | { state: "signed-out" } | { state: "signed-in"; me: PortalMe };

/**
 * The customer portal: opening a link, the customer's cases, one case, and the public request
 * form. Rendered instead of the console, with the portal's own session (never the staff one).
 */
export default function PortalApp({ route }: { route: PortalRoute }): ReactNode {
  const [visitor, setVisitor] = useState<Visitor>({ state: "checking" });
  const needsSession = route.name === "portal-home" || route.name === "portal-case";
  const mainRef = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);

  const signedIn = useCallback((me: PortalMe) => {
    setPortalCsrfToken(me.csrfToken);
    setVisitor({ state: "signed-in", me });
  }, []);

  useEffect(() => {
    setPortalUnauthenticatedHandler(() => {
      setPortalCsrfToken(null);
      setVisitor({ state: "signed-out" });
    });
    return () => {
      setPortalUnauthenticatedHandler(null);
    };
  }, []);

  useEffect(() => {
    if (!needsSession || visitor.state !== "checking") return;
    portalApi.get<PortalMe>("/api/portal/me").then(signedIn, () => {
      setVisitor({ state: "signed-out" });
    });
  }, [needsSession, visitor.state, signedIn]);

  // A new page moves focus to its heading, so keyboard and screen-reader users start there.
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector("h1");
    if (heading instanceof HTMLElement) {
      heading.tabIndex = -1;
      heading.focus();
    }
  }, [route]);

  const signOut = (): void => {
    const done = (): void => {
      setPortalCsrfToken(null);
      setVisitor({ state: "signed-out" });
    };
    portalApi.post("/api/portal/logout", {}).then(done, done);
  };

  const me = visitor.state === "signed-in" ? visitor.me : undefined;
  return (
    <div className="portal">
      <button
        type="button"
        className="skip-link"
        onClick={() => {
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </button>
      <header className="portal-top">
        <span className="portal-brand">{me?.workspaceName ?? "Customer service"}</span>
        {me && (
          <nav aria-label="Portal" className="portal-nav">
            {me.scope === "customer" && <a href="#/portal">Your requests</a>}
            <a href="#/request">New request</a>
            <button type="button" className="button secondary small" onClick={signOut}>
              Sign out
            </button>
          </nav>
        )}
      </header>
      <main id="main" className="portal-main" ref={mainRef} tabIndex={-1}>
        <Suspense fallback={<Loading lines={4} />}>
          <PortalPage route={route} visitor={visitor} onEntered={signedIn} />
        </Suspense>
      </main>
    </div>
  );
}

function PortalPage({
  route,
  visitor,
  onEntered,
}: {
  route: PortalRoute;
  visitor: Visitor;
  onEntered: (me: PortalMe) => void;
}): ReactNode {
  switch (route.name) {
    case "request":
      return <RequestPage workspace={route.workspace} />;
    case "portal-enter":
      return <EnterPage key={route.token ?? ""} token={route.token} onEntered={onEntered} />;
    case "portal-home":
    case "portal-case":
      if (visitor.state === "checking") {
        return (
          <section className="portal-page" aria-busy="true">
            <h1>{route.name === "portal-case" ? `Request #${route.number}` : "Your requests"}</h1>
            <Loading label="Checking your link…" lines={3} />
          </section>
        );
      }
      if (visitor.state === "signed-out") return <SignedOut />;
      return route.name === "portal-case" ? (
        <CasePage key={route.number} number={route.number} me={visitor.me} />
      ) : (
        <CasesPage me={visitor.me} />
      );
  }
}

function SignedOut(): ReactNode {
  return (
    <section className="portal-page" aria-labelledby="signed-out-title">
      <h1 id="signed-out-title">Open your link to continue</h1>
      <p>
        To see your requests, open the link we sent you or the one shown when you wrote to us. Links work for
        a limited time; if yours no longer opens, ask us for a new one.
      </p>
      <p>
        <a className="button primary" href="#/request">
          Send a new request
        </a>
      </p>
    </section>
  );
}
