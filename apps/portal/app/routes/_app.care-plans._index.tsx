import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ArrowRight, FilePenLine, ShieldAlert } from "lucide-react";
import {
  Card,
  EmptyState,
  Notice,
  PageHeader,
  RelativeTime,
  Table,
  TableEmpty,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  buttonClasses,
  buttonIconClass,
} from "@carefold/ui";
import { Page } from "../components/Page";
import { RouteError } from "../components/RouteError";
import { plural } from "../components/patients/labels";
import { isApiError, pageError, requireUser } from "../lib/session.server";

export const meta: MetaFunction = () => [{ title: "Care plans · Carefold Portal" }];
export const ErrorBoundary = RouteError;

export async function loader({ request }: LoaderFunctionArgs) {
  const { caller, me, headers } = await requireUser(request);
  try {
    const [queue, practitioners] = await Promise.all([
      caller.carePlans.awaitingSignoff().catch((error: unknown) => {
        if (isApiError(error) && error.code === "FORBIDDEN") return null;
        throw error;
      }),
      caller.patients.practitioners(),
    ]);
    const signers = practitioners.filter((p) => p.userId !== null).map((p) => p.name);
    return data(
      {
        queue,
        canSign: practitioners.some((p) => p.userId === me.user.id),
        signers,
        now: new Date().toISOString(),
      },
      { headers: headers() },
    );
  } catch (error) {
    pageError(error, request, headers());
  }
}

export default function CarePlans() {
  const { queue, canSign, signers, now } = useLoaderData<typeof loader>();
  return (
    <Page>
      <PageHeader
        title="Care plans"
        description="Care plans your care team drafted or updated, waiting for the billing practitioner's review and signature."
      />
      {queue === null ? (
        <Card>
          <EmptyState
            icon={ShieldAlert}
            title="Signing care plans is for practitioners and clinic admins"
          >
            Your role can open each patient's care plan from their page under Patients.
          </EmptyState>
        </Card>
      ) : (
        <>
          {!canSign && queue.length > 0 ? (
            <Notice
              className="mb-5"
              title="You can review these plans; a billing practitioner signs them"
            >
              {signers.length > 0
                ? `${signers.join(" and ")} ${signers.length === 1 ? "signs" : "sign"} care plans for this clinic.`
                : "No billing practitioner of this clinic is linked to a Carefold account yet; invite them under Users."}
            </Notice>
          ) : null}
          <Card
            flush
            title={
              queue.length === 0
                ? "Nothing waiting"
                : `${plural(queue.length, "care plan")} waiting for sign-off`
            }
            description="Oldest first. Each signature is recorded with the version, date and time."
          >
            <Table caption="Care plans awaiting sign-off">
              <THead>
                <Tr>
                  <Th>Patient</Th>
                  <Th>Version</Th>
                  <Th>Billing practitioner</Th>
                  <Th>Waiting since</Th>
                  <Th align="right">
                    <span className="sr-only">Actions</span>
                  </Th>
                </Tr>
              </THead>
              <TBody>
                {queue.length === 0 ? (
                  <TableEmpty colSpan={5}>
                    <EmptyState
                      icon={FilePenLine}
                      title="No care plans to sign — you're up to date"
                    >
                      When a coordinator drafts or updates a care plan, it waits here for review.
                      Signed plans are versioned, and a copy is shared with the patient.
                    </EmptyState>
                  </TableEmpty>
                ) : null}
                {queue.map((plan) => (
                  <Tr key={plan.patientId} className="hover:bg-neutral-25">
                    <Td>
                      <Link
                        to={`/patients/${plan.patientId}`}
                        className="font-medium text-ink-900 underline-offset-2 hover:text-brand-700 hover:underline"
                      >
                        {plan.patient}
                      </Link>
                    </Td>
                    <Td className="tabular">Version {plan.version}</Td>
                    <Td>
                      {plan.billingPractitioner ?? (
                        <span className="text-ink-500">Not assigned</span>
                      )}
                    </Td>
                    <Td>
                      <RelativeTime date={plan.updatedAt} now={now} />
                    </Td>
                    <Td align="right">
                      <Link
                        to={`/care-plans/${plan.patientId}`}
                        aria-label={`${canSign ? "Review and sign" : "Review"} the care plan of ${plan.patient}`}
                        className={buttonClasses({
                          variant: canSign ? "primary" : "secondary",
                          size: "sm",
                        })}
                      >
                        {canSign ? "Review and sign" : "Review"}
                        <ArrowRight aria-hidden="true" className={buttonIconClass("sm")} />
                      </Link>
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </Card>
        </>
      )}
    </Page>
  );
}
