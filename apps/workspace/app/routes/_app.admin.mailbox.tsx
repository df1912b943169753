import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ArrowUpRight, Inbox, Mail } from "lucide-react";
import { Fragment } from "react";
import {
  Badge,
  Card,
  EmptyState,
  PageHeader,
  RelativeTime,
  cn,
  formatAbsoluteTime,
  type Tone,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Mailbox · Admin · Carefold Workspace" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, headers } = await requireUser(request);
  let mails;
  try {
    mails = await caller.admin.mailbox();
  } catch (error) {
    pageError(error, request, headers(), "The admin area is for vendor administrators.");
  }
  const wanted = new URL(request.url).searchParams.get("id");
  const selected = mails.find((m) => m.id === wanted) ?? mails[0] ?? null;
  return data(
    { mails, selectedId: selected?.id ?? null, now: new Date().toISOString() },
    { headers: headers() },
  );
}

const KIND: Record<string, [Tone, string]> = {
  invitation: ["brand", "Invitation"],
  password_reset: ["warning", "Password reset"],
  access_granted: ["success", "Access granted"],
  membership_invitation: ["brand", "Clinic invitation"],
};

const URL_PATTERN = /(https?:\/\/[^\s]+)/g;

/** The e-mail's plain text with its links made clickable. */
function Body({ text }: { text: string }) {
  return (
    <p className="font-mono text-compact leading-relaxed break-words whitespace-pre-wrap text-ink-800">
      {text.split(URL_PATTERN).map((part, index) =>
        index % 2 === 1 ? (
          <a
            key={index}
            href={part}
            className="font-semibold text-brand-700 underline underline-offset-2 hover:text-brand-800"
          >
            {part}
          </a>
        ) : (
          <Fragment key={index}>{part}</Fragment>
        ),
      )}
    </p>
  );
}

export default function Mailbox() {
  const { mails, selectedId, now } = useLoaderData<typeof loader>();
  const selected = mails.find((m) => m.id === selectedId) ?? null;
  const link = selected?.bodyText.match(URL_PATTERN)?.[0];

  return (
    <Page>
      <PageHeader
        compact
        eyebrow="Admin"
        title="Mailbox"
        description="This installation keeps e-mail here instead of sending it: invitations, password resets and access notices, newest first. In production they go to each person's inbox."
      />
      <Card flush>
        {mails.length === 0 ? (
          <EmptyState icon={Inbox} title="No e-mail yet — invite someone or onboard a clinic">
            Invitations and password-reset links appear here the moment they're created.
          </EmptyState>
        ) : (
          <div className="grid min-h-[28rem] grid-cols-[22rem_minmax(0,1fr)]">
            <nav aria-label="Messages" className="border-r border-neutral-200">
              <ul className="divide-y divide-neutral-200">
                {mails.map((mail) => {
                  const [tone, label] = KIND[mail.kind] ?? (["neutral", mail.kind] as const);
                  const isSelected = mail.id === selectedId;
                  return (
                    <li key={mail.id}>
                      <Link
                        to={`?id=${mail.id}`}
                        replace
                        preventScrollReset
                        aria-current={isSelected ? "true" : undefined}
                        className={cn(
                          "block px-4 py-3 transition-colors",
                          isSelected
                            ? "bg-brand-50 shadow-[inset_3px_0_0_var(--color-brand-600)]"
                            : "hover:bg-neutral-50",
                        )}
                      >
                        <span className="flex items-center justify-between gap-2">
                          <span className="truncate text-compact font-semibold text-ink-900">
                            {mail.to}
                          </span>
                          <RelativeTime
                            date={mail.createdAt}
                            now={now}
                            className="shrink-0 text-2xs text-ink-500"
                          />
                        </span>
                        <span className="mt-0.5 block truncate text-compact text-ink-700">
                          {mail.subject}
                        </span>
                        <span className="mt-1.5 flex items-center gap-2">
                          <Badge tone={tone} icon={null}>
                            {label}
                          </Badge>
                          <span className="text-2xs text-ink-500">
                            {mail.deliveredAt ? "Delivered" : "Queued"}
                          </span>
                        </span>
                      </Link>
                    </li>
                  );
                })}
              </ul>
            </nav>
            {selected ? (
              <article aria-labelledby="mail-subject" className="min-w-0 px-6 py-5">
                <h2 id="mail-subject" className="text-lg font-semibold text-ink-900">
                  {selected.subject}
                </h2>
                <dl className="mt-3 grid grid-cols-[5rem_minmax(0,1fr)] gap-y-1 text-compact">
                  <dt className="text-ink-500">To</dt>
                  <dd className="font-medium text-ink-800">{selected.to}</dd>
                  <dt className="text-ink-500">Created</dt>
                  <dd className="text-ink-800">
                    <RelativeTime date={selected.createdAt} now={now} /> ·{" "}
                    <span className="text-ink-600">
                      {formatAbsoluteTime(selected.createdAt, "UTC")}
                    </span>
                  </dd>
                  <dt className="text-ink-500">Status</dt>
                  <dd className="text-ink-800">
                    {selected.deliveredAt
                      ? "Delivered to the local outbox"
                      : "Waiting for the mail job"}
                  </dd>
                </dl>
                <div className="mt-5 rounded-lg border border-neutral-200 bg-neutral-25 px-5 py-4">
                  <Body text={selected.bodyText} />
                </div>
                {link ? (
                  <a
                    href={link}
                    className="mt-4 inline-flex items-center gap-1.5 text-compact font-semibold text-brand-700 hover:text-brand-800 hover:underline"
                  >
                    <Mail aria-hidden="true" className="size-4" />
                    Open the link as the recipient
                    <ArrowUpRight aria-hidden="true" className="size-3.5" />
                  </a>
                ) : null}
              </article>
            ) : null}
          </div>
        )}
      </Card>
    </Page>
  );
}
