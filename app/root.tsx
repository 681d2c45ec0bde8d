import type { LinksFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLocation,
  useMatches,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import { useContext, useEffect, type ReactNode } from "react";
import { UNSAFE_DataRouterStateContext } from "react-router";
import { useNonce } from "~/lib/components/nonce";
import { assets } from "~/lib/assets.server";
import { PLAIN_ASSETS } from "~/lib/assets";
import { getUser } from "~/lib/session.server";
import { councilName } from "~/lib/council.server";
import { can, type Permission } from "~/lib/permissions";
import type { Role } from "~/lib/vocabulary";

export const links: LinksFunction = () => [{ rel: "icon", href: "/assets/images/favicon.ico", sizes: "48x48" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [user, council] = await Promise.all([getUser(request), councilName()]);
  return { user: user ? { name: user.name, role: user.role } : null, council, assets: assets() };
}

const NAV: { to: string; label: string; permission: Permission }[] = [
  { to: "/", label: "Today", permission: "view:households" },
  { to: "/households", label: "Households", permission: "view:households" },
  { to: "/stock", label: "Stock", permission: "view:stock" },
  { to: "/money", label: "Money", permission: "view:money" },
  { to: "/reports", label: "Reports", permission: "view:reports" },
  { to: "/trials", label: "Test and learn", permission: "view:reports" },
  { to: "/import", label: "Import", permission: "import:data" },
  { to: "/admin", label: "Administration", permission: "manage:users" },
];

type Handle = { title?: string | ((data: unknown) => string) };

/** The page title: the deepest route's title, with "Error: " when a form came back with errors. */
function useTitle(council: string, fallback?: string): string {
  const matches = useMatches();
  const state = useContext(UNSAFE_DataRouterStateContext);
  let title = fallback;
  if (!title) {
    for (const m of [...matches].reverse()) {
      const h = m.handle as Handle | undefined;
      if (h?.title) {
        title = typeof h.title === "function" ? h.title(m.data) : h.title;
        break;
      }
    }
  }
  const actionData = state?.actionData ?? {};
  const hasErrors = Object.values(actionData).some((d) => {
    const errors = (d as { errors?: Record<string, unknown> } | undefined)?.errors;
    return !!errors && Object.values(errors).some(Boolean);
  });
  return `${hasErrors ? "Error: " : ""}${title ? `${title} – ` : ""}Waypoint – ${council}`;
}

/**
 * Loads GOV.UK Frontend's JavaScript (a same-origin module, allowed by the CSP's script-src
 * 'self') and initialises every component on the page not yet initialised, after each
 * navigation and each form submission. After a refused submission the error summary takes
 * focus, as GOV.UK's does on a full page load, even when React kept the same element.
 */
function enhanceWithGovukFrontend(url: string, submitted: boolean): () => void {
  let cancelled = false;
  document.body.classList.add("js-enabled", "govuk-frontend-supported");
  import(/* webpackIgnore: true */ url)
    .then((govuk: { initAll: (config: { onError: (e: Error) => void }) => void }) => {
      if (cancelled) return;
      // An element initialised on an earlier navigation is refused with an InitError: expected.
      govuk.initAll({ onError: (e) => (e.name === "InitError" ? undefined : console.error(e)) });
      const summary = document.querySelector<HTMLElement>(".govuk-error-summary");
      if (submitted && summary && document.activeElement !== summary) {
        summary.setAttribute("tabindex", "-1");
        summary.addEventListener("blur", () => summary.removeAttribute("tabindex"), { once: true });
        summary.focus();
      }
    })
    .catch((e: unknown) => console.error(e));
  return () => {
    cancelled = true;
  };
}

function Document({ children, title }: { children: ReactNode; title?: string }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const council = data?.council ?? "Waypoint";
  const files = data?.assets ?? PLAIN_ASSETS;
  const pageTitle = useTitle(council, title);
  const user = data?.user ?? null;
  const location = useLocation();
  const actionData = useContext(UNSAFE_DataRouterStateContext)?.actionData;
  useEffect(() => {
    // Progressive enhancement only: every page works with JavaScript off (docs/decisions/0041).
    return enhanceWithGovukFrontend(files.govukFrontendJs, actionData != null);
  }, [location.key, actionData, files.govukFrontendJs]);
  return (
    <html lang="en" className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover" />
        <title>{pageTitle}</title>
        <Meta />
        <link rel="stylesheet" href={files.govukFrontendCss} />
        <link rel="stylesheet" href={files.waypointCss} />
        <link rel="modulepreload" href={files.govukFrontendJs} />
        <Links />
      </head>
      <body className="govuk-template__body">
        <a href="#main-content" className="govuk-skip-link" data-module="govuk-skip-link">
          Skip to main content
        </a>
        <header className="govuk-generic-header" role="banner">
          <div className="govuk-generic-header__container govuk-width-container">
            {user ? (
              <div className="waypoint-header-user">
                <span>{user.name}</span>{" "}
                <Form method="post" action="/sign-out" className="waypoint-inline-form">
                  <button type="submit" className="waypoint-link-button">
                    Sign out
                  </button>
                </Form>
              </div>
            ) : null}
            <div className="govuk-generic-header__logo">
              <Link to="/" className="govuk-generic-header__homepage-link">
                {council} · Waypoint
              </Link>
            </div>
          </div>
        </header>
        {user ? <Navigation role={user.role} path={location.pathname} /> : null}
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content">
            {children}
          </main>
        </div>
        <footer className="govuk-footer">
          <div className="govuk-width-container">
            <div className="govuk-footer__meta">
              <div className="govuk-footer__meta-item govuk-footer__meta-item--grow">
                <p className="govuk-body-s">Waypoint: temporary accommodation, run from data. Open source.</p>
              </div>
            </div>
          </div>
        </footer>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Navigation({ role, path }: { role: Role; path: string }) {
  const items = NAV.filter((n) => can(role, n.permission));
  const isActive = (to: string) => (to === "/" ? path === "/" : path === to || path.startsWith(`${to}/`));
  return (
    <div className="govuk-service-navigation">
      <div className="govuk-width-container">
        <div className="govuk-service-navigation__container">
          <nav aria-label="Menu" className="govuk-service-navigation__wrapper">
            <ul className="govuk-service-navigation__list" id="navigation">
              {items.map((n) => (
                <li
                  key={n.to}
                  className={`govuk-service-navigation__item${isActive(n.to) ? " govuk-service-navigation__item--active" : ""}`}
                >
                  <Link className="govuk-service-navigation__link" to={n.to} aria-current={isActive(n.to) ? "page" : undefined}>
                    {isActive(n.to) ? <strong className="govuk-service-navigation__active-fallback">{n.label}</strong> : n.label}
                  </Link>
                </li>
              ))}
            </ul>
          </nav>
        </div>
      </div>
    </div>
  );
}

export default function App() {
  return (
    <Document>
      <Outlet />
    </Document>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // A 409 says why the change conflicts (a household merged into another names the one to use).
  const conflict = isRouteErrorResponse(error) && status === 409 && typeof error.data === "string" ? error.data : undefined;
  return (
    <Document title={errorTitle(status)}>
      <ErrorContent status={status} conflict={conflict} />
    </Document>
  );
}

/** What each error page says: its heading (also the page title), its paragraphs, and whether it links to the start. */
interface ErrorPage {
  title: string;
  paragraphs: string[];
  startLink?: boolean;
}

const ERROR_PAGES: Record<number, ErrorPage> = {
  404: {
    title: "Page not found",
    paragraphs: [
      "If you typed the web address, check it is correct.",
      "If you pasted the web address, check you copied the entire address.",
    ],
    startLink: true,
  },
  403: {
    title: "You do not have permission to see this page",
    paragraphs: ["Your role does not allow this. Ask an administrator if you need access."],
    startLink: true,
  },
  409: {
    title: "This change was not saved",
    paragraphs: ["It conflicts with a change made since the page was opened. Nothing has been saved."],
    startLink: true,
  },
  400: {
    title: "Sorry, what was sent could not be read",
    paragraphs: [
      "This page takes a form filled in on the page itself. Nothing has been saved.",
      "Go back to the page, fill in the form and send it again.",
    ],
  },
  503: {
    title: "Sorry, the service is unavailable",
    paragraphs: ["The database cannot be reached just now. Nothing you entered has been saved.", "Try again in a few minutes."],
  },
};

const PROBLEM: ErrorPage = {
  title: "Sorry, there is a problem with the service",
  paragraphs: ["Try again later. If you were saving something, check whether it was saved before you enter it again."],
};

function errorTitle(status: number) {
  return (ERROR_PAGES[status] ?? PROBLEM).title;
}

/** The error page for a status; a 409 says why the change conflicts (`conflict`) in place of its general words. */
export function ErrorContent({ status, conflict }: { status: number; conflict?: string }) {
  const page = ERROR_PAGES[status] ?? PROBLEM;
  const paragraphs = status === 409 && conflict ? [conflict] : page.paragraphs;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">{page.title}</h1>
        {paragraphs.map((text) => (
          <p className="govuk-body" key={text}>
            {text}
          </p>
        ))}
        {page.startLink ? (
          <p className="govuk-body">
            <Link className="govuk-link" to="/">
              Go to the start page
            </Link>
          </p>
        ) : null}
      </div>
    </div>
  );
}
