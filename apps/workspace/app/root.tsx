import type { LinksFunction, MetaFunction } from "@remix-run/node";
import {
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useRouteError,
} from "@remix-run/react";
import { SearchX, ShieldAlert, TriangleAlert } from "lucide-react";
import { useEffect, type ReactNode } from "react";
import { Button, ErrorPage, HydrationGuard, buttonClasses, useNonce } from "@carefold/ui";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "alternate icon", href: "/favicon.ico", sizes: "16x16 32x32 48x48" },
  { rel: "stylesheet", href: stylesheet },
];

export const meta: MetaFunction = () => [
  { title: "Carefold Workspace" },
  {
    name: "description",
    content: "Coordinator workspace and vendor administration for Chronic Care Management.",
  },
];

export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <HydrationGuard />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#2f4fd3" />
        <Meta />
        <Links />
      </head>
      <body className="min-h-screen">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

/**
 * Marks the document once React has hydrated: the HydrationGuard then lets events through, and
 * end-to-end tests wait for it before using keys.
 */
function useHydratedMarker() {
  useEffect(() => {
    document.documentElement.dataset.hydrated = "true";
  }, []);
}

export default function App() {
  useHydratedMarker();
  return <Outlet />;
}

export function ErrorBoundary() {
  const error = useRouteError();
  useHydratedMarker();

  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <ErrorPage
        status={404}
        icon={SearchX}
        title="We can't find that page"
        product="Workspace"
        actions={
          <Link to="/" className={buttonClasses({ variant: "primary" })}>
            Go to the worklist
          </Link>
        }
      >
        The address may be mistyped, or the page has moved. Check the link, or start again from your
        worklist.
      </ErrorPage>
    );
  }

  if (isRouteErrorResponse(error) && error.status === 403) {
    const data = error.data as { error?: unknown; message?: unknown } | null;
    const message =
      typeof data?.error === "string"
        ? data.error
        : typeof data?.message === "string"
          ? data.message
          : "You don't have permission to do that.";
    return (
      <ErrorPage
        status={403}
        icon={ShieldAlert}
        title="This request was refused"
        product="Workspace"
        actions={
          <Link to="/" className={buttonClasses({ variant: "primary" })}>
            Go to the worklist
          </Link>
        }
      >
        {message} Nothing was changed. If you were filling in a form, open the page again from the
        workspace and submit it from there.
      </ErrorPage>
    );
  }

  const status = isRouteErrorResponse(error) ? error.status : 500;
  const details =
    import.meta.env.DEV && error instanceof Error
      ? `${error.message}\n\n${error.stack ?? ""}`
      : undefined;
  return (
    <ErrorPage
      status={status}
      icon={TriangleAlert}
      title="Something went wrong on our side"
      product="Workspace"
      details={details}
      actions={
        <>
          <Button variant="primary" onClick={() => window.location.reload()}>
            Try again
          </Button>
          <Link to="/" className={buttonClasses({ variant: "secondary" })}>
            Go to the worklist
          </Link>
        </>
      }
    >
      The page could not be loaded. Nothing was changed. Try again in a moment; if it keeps
      happening, tell your Carefold contact what you were doing and when.
    </ErrorPage>
  );
}
