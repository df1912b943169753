// Problem list with chronic flags, and the CCM eligibility verdict worked out from it.
import { Badge, Table, TableEmpty, TBody, Td, Th, THead, Tr, EmptyState } from "@carefold/ui";
import { ClipboardList } from "lucide-react";
import { EligibilityBadge } from "./badges";
import { eligibilityOf, formatDate } from "./labels";
import type { PatientChart } from "./types";

export function EligibilityVerdict({
  eligibility,
}: {
  eligibility: Pick<PatientChart["eligibility"], "status" | "qualifying" | "invalidCodes">;
}) {
  const e = eligibilityOf(eligibility.status);
  const names = eligibility.qualifying.map((q) => q.name);
  return (
    <div className="rounded-lg border border-neutral-200 bg-neutral-25 px-4 py-3">
      <div className="flex flex-wrap items-center gap-2">
        <EligibilityBadge eligibility={eligibility.status} />
        <span className="text-compact text-ink-700">{e.description}</span>
      </div>
      <p className="mt-1.5 text-compact text-ink-600">
        {names.length > 0 ? (
          <>
            Qualifying chronic conditions ({names.length}):{" "}
            <span className="font-medium text-ink-900">{names.join(", ")}</span>
          </>
        ) : (
          "No problem on the list is a qualifying chronic condition."
        )}
      </p>
      {eligibility.invalidCodes.length > 0 ? (
        <p className="mt-1 text-xs text-warning-700">
          Not ICD-10-CM codes, so not counted: {eligibility.invalidCodes.join(", ")}
        </p>
      ) : null}
    </div>
  );
}

export function ProblemList({
  problems,
  dense,
}: {
  problems: PatientChart["problems"];
  dense?: boolean;
}) {
  return (
    <Table caption="Problem list" dense={dense}>
      <THead>
        <Tr>
          <Th>Code</Th>
          <Th>Problem</Th>
          <Th>Chronic condition</Th>
          <Th>Since</Th>
        </Tr>
      </THead>
      <TBody>
        {problems.length === 0 ? (
          <TableEmpty colSpan={4}>
            <EmptyState
              icon={ClipboardList}
              size="sm"
              title="No problems on file — add diagnoses through a panel import"
            >
              Eligibility is worked out from the problem list.
            </EmptyState>
          </TableEmpty>
        ) : null}
        {problems.map((p) => (
          <Tr key={p.id} className={p.resolvedOn ? "text-ink-500" : undefined}>
            <Td className="font-mono text-xs whitespace-nowrap">{p.icd10Code}</Td>
            <Td>
              {p.description}
              {p.resolvedOn ? (
                <span className="ml-2 text-xs text-ink-500">
                  Resolved {formatDate(p.resolvedOn)}
                </span>
              ) : null}
            </Td>
            <Td>
              {p.isChronic ? (
                <Badge tone="brand" icon={null}>
                  Chronic · {p.conditionGroup}
                </Badge>
              ) : (
                <span className="text-compact text-ink-500">Not a CCM condition</span>
              )}
            </Td>
            <Td className="text-compact whitespace-nowrap">
              {p.onsetOn ? formatDate(p.onsetOn) : <span className="text-ink-500">—</span>}
            </Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
