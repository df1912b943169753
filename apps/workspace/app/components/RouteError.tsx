import { Link, isRouteErrorResponse, useRouteError } from "@remix-run/react";
import { SearchX, ShieldAlert, TriangleAlert } from "lucide-react";
import { Button, Card, EmptyState, buttonClasses } from "@carefold/ui";
import { Page } from "./Page";

const messageOf = (data: unknown) =>
  typeof data === "object" &&
  data !== null &&
  typeof (data as { message?: unknown }).message === "string"
    ? (data as { message: string }).message
    : null;

/**
 * Error boundary for pages inside the app shell: the sidebar and top bar stay, the page says what
 * happened and what to do.
 */
export function RouteError() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  const message = isRouteErrorResponse(error) ? messageOf(error.data) : null;

  if (status === 403) {
    return (
      <Page>
        <Card>
          <EmptyState
            icon={ShieldAlert}
            title="You don't have access to this page"
            action={
              <Link to="/" className={buttonClasses({ variant: "primary" })}>
                Go to the start page
              </Link>
            }
          >
            {message ?? "Your role doesn't include this page."} If you need it for your work, ask an
            administrator to change your role.
          </EmptyState>
        </Card>
      </Page>
    );
  }
  if (status === 404) {
    return (
      <Page>
        <Card>
          <EmptyState
            icon={SearchX}
            title="We can't find that"
            action={
              <Link to="/" className={buttonClasses({ variant: "primary" })}>
                Go to the start page
              </Link>
            }
          >
            {message ?? "It may have been removed, or the link is mistyped."}
          </EmptyState>
        </Card>
      </Page>
    );
  }
  return (
    <Page>
      <Card>
        <EmptyState
          icon={TriangleAlert}
          title="This page could not be loaded"
          action={
            <Button variant="primary" onClick={() => window.location.reload()}>
              Try again
            </Button>
          }
        >
          {message ??
            "Something went wrong on our side, and nothing was changed. Try again in a moment."}
        </EmptyState>
      </Card>
    </Page>
  );
}
