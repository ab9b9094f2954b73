// The console's shell: sign-in (an API key, checked against GET /v1/keys/current), then a
// header with the ledger's pages and a main region that shows the page the URL names.
import type { JSX } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { createFolioClient } from "../../client/index.js";
import { ConsoleError, unwrap } from "./api";
import { ErrorState, Loading } from "./components/states";
import { AccountPage } from "./pages/account";
import { AuditPage } from "./pages/audit";
import { ExposurePage } from "./pages/exposure";
import { Ifrs9Page } from "./pages/ifrs9";
import { LedgersPage } from "./pages/ledgers";
import { OverviewPage } from "./pages/overview";
import { SignInPage } from "./pages/signIn";
import { TrialBalancePage } from "./pages/trialBalance";
import { Link, matchPath, segment, useLocation, type Location } from "./router";
import {
  forgetKey,
  hasRole,
  SessionContext,
  storedKey,
  storeKey,
  type Principal,
  type Role,
  type Session,
} from "./session";

interface PageProps {
  readonly params: Record<string, string>;
  readonly location: Location;
}

/**
 * Every page: its path pattern, its title in the navigation, the roles whose keys see it in
 * the navigation (the API's own access for its routes; none: every key), and its component.
 */
const pages: readonly {
  readonly pattern: string;
  readonly nav?: string;
  readonly roles?: readonly Role[];
  readonly page: (props: PageProps) => JSX.Element;
}[] = [
  { pattern: "/", page: () => <LedgersPage /> },
  { pattern: "/ledgers/:ledgerId", nav: "Overview", page: OverviewPage },
  { pattern: "/ledgers/:ledgerId/trial-balance", nav: "Trial balance", page: TrialBalancePage },
  { pattern: "/ledgers/:ledgerId/accounts/:accountId", page: AccountPage },
  { pattern: "/ledgers/:ledgerId/exposure", nav: "Exposure", roles: ["risk"], page: ExposurePage },
  {
    pattern: "/ledgers/:ledgerId/ifrs9",
    nav: "IFRS 9",
    roles: ["risk", "auditor"],
    page: Ifrs9Page,
  },
  { pattern: "/ledgers/:ledgerId/audit", nav: "Audit trail", roles: ["auditor"], page: AuditPage },
];

function LedgerNav(props: {
  readonly ledgerId: string;
  readonly path: string;
  readonly principal: Principal;
}): JSX.Element {
  const base = `/ledgers/${segment(props.ledgerId)}`;
  return (
    <nav aria-label={`Ledger ${props.ledgerId}`}>
      <ul class="nav">
        <li>
          <Link to="/">All ledgers</Link>
        </li>
        {pages
          .filter((page) => page.nav !== undefined)
          .filter(
            (page) =>
              page.roles === undefined || page.roles.some((role) => hasRole(props.principal, role)),
          )
          .map((page) => {
            const to = page.pattern.replace(":ledgerId", segment(props.ledgerId));
            const current = props.path === to || (to !== base && props.path.startsWith(to));
            return (
              <li key={page.pattern}>
                <Link to={to} {...(current ? { "aria-current": "page" as const } : {})}>
                  {page.nav}
                </Link>
              </li>
            );
          })}
      </ul>
    </nav>
  );
}

function Shell(props: { readonly session: Session }): JSX.Element {
  const location = useLocation();
  const { principal } = props.session;
  let content: JSX.Element = <p role="alert">No console page at {location.path}.</p>;
  for (const page of pages) {
    const params = matchPath(page.pattern, location.path);
    if (params !== null) {
      // A component, not a call: the page's hooks then run inside the session's provider.
      const Page = page.page;
      content = <Page params={params} location={location} />;
      break;
    }
  }
  const ledgerSegment = location.path.startsWith("/ledgers/")
    ? location.path.split("/")[2]
    : undefined;
  return (
    <SessionContext.Provider value={props.session}>
      <header class="top">
        <p class="brand">
          <Link to="/">Folio console</Link>
        </p>
        <p class="who">
          Signed in as <strong>{principal.name}</strong> ({principal.roles.join(", ")}){" "}
          <button type="button" onClick={props.session.signOut}>
            Sign out
          </button>
        </p>
      </header>
      {ledgerSegment === undefined || ledgerSegment === "" ? null : (
        <LedgerNav
          ledgerId={decodeURIComponent(ledgerSegment)}
          path={location.path}
          principal={principal}
        />
      )}
      <main id="main">{content}</main>
    </SessionContext.Provider>
  );
}

async function signIn(apiKey: string): Promise<Session> {
  const client = createFolioClient({ baseUrl: window.location.origin, apiKey });
  const principal = await unwrap(client.GET("/v1/keys/current"));
  return { client, principal, signOut: () => undefined };
}

export function App(): JSX.Element {
  const [session, setSession] = useState<Session | null>(null);
  const [error, setError] = useState<ConsoleError | null>(null);
  const [checking, setChecking] = useState(() => storedKey() !== null);

  const signOut = useMemo(
    () => () => {
      forgetKey();
      setSession(null);
    },
    [],
  );
  const start = (apiKey: string): void => {
    setChecking(true);
    setError(null);
    signIn(apiKey).then(
      (opened) => {
        storeKey(apiKey);
        setSession({ ...opened, signOut });
        setChecking(false);
      },
      (failure: unknown) => {
        forgetKey();
        setError(
          failure instanceof ConsoleError
            ? failure
            : new ConsoleError("console_error", String(failure), 0),
        );
        setChecking(false);
      },
    );
  };
  useEffect(() => {
    const key = storedKey();
    if (key !== null) start(key);
    // Once, at load: a key kept in this tab's session storage signs in again.
  }, []);

  if (session !== null) return <Shell session={session} />;
  if (checking) return <Loading what="your session" />;
  return (
    <>
      {error === null ? null : <ErrorState error={error} />}
      <SignInPage onSignIn={start} />
    </>
  );
}
