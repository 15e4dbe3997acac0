import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from "react";
import { api, setCsrfToken, setUnauthenticatedHandler } from "./api";
import { Loading } from "./components/ui";
import { isTyping } from "./hooks";
import { InboxNavLabel } from "./components/InboxNavLabel";
import { isPortalRoute, useRoute, type Route } from "./router";
import { can, SessionContext, type SessionState } from "./session";
import type { Page, Session, Staff, Team } from "./types";

const LoginPage = lazy(() => import("./pages/LoginPage"));
const QueuePage = lazy(() => import("./pages/QueuePage"));
const CasePage = lazy(() => import("./pages/CasePage"));
const StaffPage = lazy(() => import("./pages/StaffPage"));
const TeamsPage = lazy(() => import("./pages/TeamsPage"));
const ClientsPage = lazy(() => import("./pages/ClientsPage"));
const CustomersPage = lazy(() => import("./pages/CustomersPage"));
const NewCaseDialog = lazy(() => import("./components/NewCaseDialog"));
// The customer portal and the public request form: their own chunk, without the staff sign-in.
const PortalApp = lazy(() => import("./portal/PortalApp"));
const AgreementsPage = lazy(() => import("./pages/AgreementsPage"));
const CalendarsPage = lazy(() => import("./pages/CalendarsPage"));

const PoliciesPage = lazy(() => import("./pages/PoliciesPage"));
const PolicyPage = lazy(() => import("./pages/PolicyPage"));
const ApprovalsPage = lazy(() => import("./pages/ApprovalsPage"));
const HandoverPage = lazy(() => import("./pages/HandoverPage"));
const DeskPage = lazy(() => import("./pages/DeskPage"));
const InboxPage = lazy(() => import("./pages/InboxPage"));
const SchedulesPage = lazy(() => import("./pages/SchedulesPage"));
const RotasPage = lazy(() => import("./pages/RotasPage"));

type Auth = { state: "checking" } | { state: "signed-out" } | { state: "signed-in"; session: Session };

export function App(): ReactNode {
  const route = useRoute();
  if (isPortalRoute(route)) {
    return (
      <Suspense
        fallback={
          <main className="centered" id="main">
            <Loading label="Loading…" lines={3} />
          </main>
        }
      >
        <PortalApp route={route} />
      </Suspense>
    );
  }
  return <StaffApp />;
}

function StaffApp(): ReactNode {
  const [auth, setAuth] = useState<Auth>({ state: "checking" });

  const signedIn = useCallback((session: Session) => {
    setCsrfToken(session.csrfToken);
    setAuth({ state: "signed-in", session });
  }, []);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setAuth({ state: "signed-out" });
    });
    api.get<Session>("/api/auth/session").then(signedIn, () => {
      setAuth({ state: "signed-out" });
    });
  }, [signedIn]);

  if (auth.state === "checking") {
    return (
      <main className="centered" id="main">
        <Loading label="Checking your session…" lines={2} />
      </main>
    );
  }
  if (auth.state === "signed-out") {
    return (
      <Suspense fallback={<Loading lines={4} />}>
        <LoginPage onSignedIn={signedIn} />
      </Suspense>
    );
  }
  return (
    <Console
      session={auth.session}
      onSignedOut={() => {
        setCsrfToken(null);
        setAuth({ state: "signed-out" });
      }}
    />
  );
}

function Console({ session, onSignedOut }: { session: Session; onSignedOut: () => void }): ReactNode {
  const route = useRoute();
  const [staff, setStaff] = useState<Staff[]>([]);
  const [teams, setTeams] = useState<Team[]>([]);
  const [newCaseOpen, setNewCaseOpen] = useState(false);
  const [tick, setTick] = useState(0);
  const mainRef = useRef<HTMLElement>(null);
  const firstRoute = useRef(true);

  useEffect(() => {
    api.get<Page<Staff>>("/api/staff?limit=200").then(
      (page) => {
        setStaff(page.items);
      },
      () => undefined,
    );
    api.get<Team[]>("/api/teams").then(setTeams, () => undefined);
  }, [tick]);

  // Moving to another page moves focus to its heading, so keyboard and screen-reader users start there.
  useEffect(() => {
    if (firstRoute.current) {
      firstRoute.current = false;
      return;
    }
    const heading = mainRef.current?.querySelector("h1");
    if (heading instanceof HTMLElement) {
      heading.tabIndex = -1;
      heading.focus({ preventScroll: false });
    }
  }, [route]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || isTyping(event)) return;
      if (document.querySelector("dialog[open]")) return;
      if (event.key === "n" && can(state, "cases:write")) {
        event.preventDefault();
        setNewCaseOpen(true);
      }
    };
    window.addEventListener("keydown", onKey);
    return () => {
      window.removeEventListener("keydown", onKey);
    };
  });

  const signOut = useCallback(() => {
    const done = (): void => {
      // The next person to sign in starts at the queue, not on the last case seen here.
      history.replaceState(null, "", "#/");
      onSignedOut();
    };
    api.post("/api/auth/logout", {}).then(done, done);
  }, [onSignedOut]);

  const state: SessionState = useMemo(
    () => ({
      session,
      me: staff.find((s) => s.id === session.staffId),
      staff,
      teams,
      reloadDirectory: () => {
        setTick((t) => t + 1);
      },
      signOut,
      openNewCase: () => {
        setNewCaseOpen(true);
      },
    }),
    [session, staff, teams, signOut],
  );

  return (
    <SessionContext.Provider value={state}>
      <button
        type="button"
        className="skip-link"
        onClick={() => {
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </button>
      <header className="topbar">
        <a className="brand" href="#/">
          Frontdesk
        </a>
        <nav aria-label="Main">
          <ul>
            <NavLink href="#/" active={route.name === "queue" || route.name === "case"}>
              Queue
            </NavLink>
            <NavLink href="#/admin/customers" active={route.name === "customers"}>
              Customers
            </NavLink>
            <NavLink href="#/admin/clients" active={route.name === "clients"}>
              Clients
            </NavLink>
            <NavLink href="#/admin/staff" active={route.name === "staff"}>
              Staff
            </NavLink>
            <NavLink href="#/admin/teams" active={route.name === "teams"}>
              Teams
            </NavLink>
            {can(state, "clients:read") && (
              <NavLink href="#/admin/agreements" active={route.name === "agreements"}>
                Agreements
              </NavLink>
            )}
            {can(state, "clients:read") && (
              <NavLink href="#/admin/calendars" active={route.name === "calendars"}>
                Calendars
              </NavLink>
            )}

            <NavLink href="#/policies" active={route.name === "policies" || route.name === "policy"}>
              Policies
            </NavLink>
            <NavLink href="#/approvals" active={route.name === "approvals"}>
              Approvals
            </NavLink>
            <NavLink href="#/desk" active={route.name === "desk"}>
              Who is in
            </NavLink>
            <NavLink href="#/inbox" active={route.name === "inbox"}>
              <InboxNavLabel key={route.name} />
            </NavLink>
            <NavLink href="#/schedules" active={route.name === "schedules"}>
              Schedules
            </NavLink>
            <NavLink href="#/rotas" active={route.name === "rotas"}>
              On call
            </NavLink>
            <NavLink href="#/handovers" active={route.name === "handovers"}>
              Hand-overs
            </NavLink>
          </ul>
        </nav>
        <div className="topbar-end">
          {can(state, "cases:write") && (
            <button
              type="button"
              className="button primary"
              onClick={() => {
                setNewCaseOpen(true);
              }}
              aria-keyshortcuts="n"
            >
              New case <kbd aria-hidden="true">n</kbd>
            </button>
          )}
          <span className="who">
            {state.me?.name ?? "\u00a0"}
            <span className="who-role">{session.role}</span>
          </span>
          <button type="button" className="button secondary" onClick={signOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" ref={mainRef} tabIndex={-1}>
        <Suspense fallback={<Loading lines={6} />}>
          <Page route={route} />
        </Suspense>
      </main>
      {newCaseOpen && (
        <Suspense fallback={null}>
          <NewCaseDialog
            onClose={() => {
              setNewCaseOpen(false);
            }}
          />
        </Suspense>
      )}
    </SessionContext.Provider>
  );
}

function NavLink({
  href,
  active,
  children,
}: {
  href: string;
  active: boolean;
  children: ReactNode;
}): ReactNode {
  return (
    <li>
      <a href={href} aria-current={active ? "page" : undefined} className={active ? "active" : undefined}>
        {children}
      </a>
    </li>
  );
}

function Page({ route }: { route: Route }): ReactNode {
  switch (route.name) {
    case "queue":
      return <QueuePage />;
    case "case":
      return <CasePage key={route.number} number={route.number} />;
    case "staff":
      return <StaffPage />;
    case "teams":
      return <TeamsPage />;
    case "clients":
      return <ClientsPage />;
    case "customers":
      return <CustomersPage />;
    case "portal-enter":
    case "portal-home":
    case "portal-case":
    case "request":
      return null; // App renders these without the console
    case "agreements":
      return <AgreementsPage />;
    case "calendars":
      return <CalendarsPage />;

    case "policies":
      return <PoliciesPage />;
    case "policy":
      return <PolicyPage key={route.id} policyId={route.id} />;
    case "approvals":
      return <ApprovalsPage />;
    case "desk":
      return <DeskPage />;
    case "inbox":
      return <InboxPage />;
    case "schedules":
      return <SchedulesPage />;
    case "rotas":
      return <RotasPage />;
    case "handovers":
      return <HandoverPage />;
    case "not-found":
      return (
        <section className="page">
          <h1>Page not found</h1>
          <p>
            There is no page at <code>{route.path}</code>. <a href="#/">Back to the queue</a>.
          </p>
        </section>
      );
  }
}
