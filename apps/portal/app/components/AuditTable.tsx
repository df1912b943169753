import { ScrollText } from "lucide-react";
import type { ReactNode } from "react";
import {
  Badge,
  EmptyState,
  RelativeTime,
  Table,
  TableEmpty,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  type Tone,
} from "@carefold/ui";
import { actionLabel, detailsSummary, objectLabel } from "../lib/audit";

export interface AuditRow {
  chain: string;
  seq: string;
  at: string;
  actor: string | null;
  action: string;
  objectType: string | null;
  objectId: string | null;
  outcome: "success" | "denied" | "failure";
  ip: string | null;
  userAgent: string | null;
  details: unknown;
}

const OUTCOME: Record<AuditRow["outcome"], [Tone, string]> = {
  success: ["success", "Succeeded"],
  denied: ["warning", "Denied"],
  failure: ["danger", "Failed"],
};

/** The audit log as a table: when, who, what, which record, result, from where. */
export function AuditTable({
  events,
  now,
  caption,
  dense,
  chainName,
  empty,
}: {
  events: AuditRow[];
  now: string;
  caption: string;
  dense?: boolean;
  /** Shows a "Log" column (which chain the row belongs to) when given. */
  chainName?: (chain: string) => string;
  empty: { title: string; text: ReactNode };
}) {
  const columns = chainName ? 7 : 6;
  return (
    <Table caption={caption} dense={dense}>
      <THead>
        <Tr>
          <Th>When</Th>
          <Th>Who</Th>
          <Th>Action</Th>
          <Th>Record</Th>
          {chainName ? <Th>Log</Th> : null}
          <Th>Result</Th>
          <Th>From</Th>
        </Tr>
      </THead>
      <TBody>
        {events.length === 0 ? (
          <TableEmpty colSpan={columns}>
            <EmptyState icon={ScrollText} title={empty.title}>
              {empty.text}
            </EmptyState>
          </TableEmpty>
        ) : null}
        {events.map((event) => {
          const [tone, label] = OUTCOME[event.outcome];
          const summary = detailsSummary(event.details);
          return (
            <Tr key={`${event.chain}-${event.seq}`} data-testid="audit-row">
              <Td className="whitespace-nowrap">
                <RelativeTime date={event.at} now={now} className="text-ink-800" />
              </Td>
              <Td className="max-w-56">
                <span className="block truncate" title={event.actor ?? undefined}>
                  {event.actor ?? <span className="text-ink-500">System</span>}
                </span>
              </Td>
              <Td>
                <span className="block font-medium text-ink-900">
                  {actionLabel(event.action, event.outcome)}
                </span>
                <span className="block font-mono text-2xs text-ink-500">
                  {event.action}
                  {summary ? <span className="font-sans"> · {summary}</span> : null}
                </span>
              </Td>
              <Td>
                {event.objectType ? (
                  <>
                    <span className="block text-ink-800">{objectLabel(event.objectType)}</span>
                    {event.objectId ? (
                      <span
                        className="block font-mono text-2xs text-ink-500"
                        title={event.objectId}
                      >
                        {event.objectId.slice(0, 8)}
                      </span>
                    ) : null}
                  </>
                ) : (
                  <span className="text-ink-500">—</span>
                )}
              </Td>
              {chainName ? <Td className="whitespace-nowrap">{chainName(event.chain)}</Td> : null}
              <Td>
                <Badge tone={tone}>{label}</Badge>
              </Td>
              <Td>
                <span
                  className="tabular font-mono text-compact"
                  title={event.userAgent ?? undefined}
                >
                  {event.ip ?? "—"}
                </span>
              </Td>
            </Tr>
          );
        })}
      </TBody>
    </Table>
  );
}
