// A care plan version, read-only: what the practitioner signs and the patient receives.
import type { ReactNode } from "react";
import { Badge, Table, TBody, Td, Th, THead, Tr, cn } from "@carefold/ui";
import { formatDate } from "./labels";
import type { CarePlanBody } from "./types";

const GOAL_STATUS: Record<
  string,
  { label: string; tone: "brand" | "success" | "warning" | "muted" }
> = {
  active: { label: "Active", tone: "brand" },
  met: { label: "Met", tone: "success" },
  not_met: { label: "Not met", tone: "warning" },
  discontinued: { label: "Discontinued", tone: "muted" },
};

export const goalStatusLabel = (status: string) => GOAL_STATUS[status]?.label ?? status;

/** A titled part of the plan; `inGrid` when it sits in a two-column row that draws the rule. */
function Section({
  title,
  children,
  inGrid,
}: {
  title: string;
  children: ReactNode;
  inGrid?: boolean;
}) {
  return (
    <section
      className={cn(!inGrid && "border-t border-neutral-200 pt-4 first:border-t-0 first:pt-0")}
    >
      <h3 className="mb-2 text-sm font-semibold text-ink-900">{title}</h3>
      {children}
    </section>
  );
}

const Empty = ({ children }: { children: ReactNode }) => (
  <p className="text-compact text-ink-500">{children}</p>
);

function Prose({ text }: { text: string }) {
  if (!text.trim()) return <Empty>Not written yet.</Empty>;
  return <p className="text-sm whitespace-pre-line text-ink-800">{text}</p>;
}

export function CarePlanDocument({
  body,
  templateNames,
}: {
  body: CarePlanBody;
  /** Template id → name, for the conditions the plan was built for. */
  templateNames: Record<string, string>;
}) {
  return (
    <div className="space-y-5">
      {body.conditions.length > 0 ? (
        <Section title="Conditions this plan covers">
          <div className="flex flex-wrap gap-1.5">
            {body.conditions.map((c) => (
              <Badge key={c} tone="neutral" icon={null}>
                {templateNames[c] ?? c}
              </Badge>
            ))}
          </div>
        </Section>
      ) : null}

      <Section title="Problems">
        {body.problems.length === 0 ? (
          <Empty>No problems listed.</Empty>
        ) : (
          <ul className="grid gap-1 sm:grid-cols-2">
            {body.problems.map((p, i) => (
              <li key={i} className="text-sm text-ink-800">
                {p.icd10Code ? (
                  <span className="mr-2 font-mono text-xs text-ink-500">{p.icd10Code}</span>
                ) : null}
                {p.description}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="Goals">
        {body.goals.length === 0 ? (
          <Empty>No goals yet.</Empty>
        ) : (
          <div className="overflow-hidden rounded-lg border border-neutral-200">
            <Table caption="Goals" dense>
              <THead>
                <Tr>
                  <Th>Goal</Th>
                  <Th>Measure</Th>
                  <Th>Target</Th>
                  <Th>By</Th>
                  <Th>Status</Th>
                </Tr>
              </THead>
              <TBody>
                {body.goals.map((g, i) => (
                  <Tr key={i}>
                    <Td className="font-medium text-ink-900">{g.description}</Td>
                    <Td>{g.measure}</Td>
                    <Td className="whitespace-nowrap">{g.target}</Td>
                    <Td className="whitespace-nowrap">
                      {g.targetDate ? formatDate(g.targetDate) : "—"}
                    </Td>
                    <Td>
                      <Badge tone={GOAL_STATUS[g.status]?.tone ?? "neutral"} icon={null}>
                        {goalStatusLabel(g.status)}
                      </Badge>
                    </Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
        )}
      </Section>

      <Section title="Interventions">
        {body.interventions.length === 0 ? (
          <Empty>No interventions yet.</Empty>
        ) : (
          <div className="overflow-hidden rounded-lg border border-neutral-200">
            <Table caption="Interventions" dense>
              <THead>
                <Tr>
                  <Th>What</Th>
                  <Th>Who</Th>
                  <Th>How often</Th>
                </Tr>
              </THead>
              <TBody>
                {body.interventions.map((item, i) => (
                  <Tr key={i}>
                    <Td>{item.description}</Td>
                    <Td className="whitespace-nowrap">{item.responsibleParty}</Td>
                    <Td>{item.frequency || "—"}</Td>
                  </Tr>
                ))}
              </TBody>
            </Table>
          </div>
        )}
      </Section>

      <div className="grid gap-5 border-t border-neutral-200 pt-4 lg:grid-cols-2">
        <Section title="Medication management" inGrid>
          <Prose text={body.medicationManagement} />
        </Section>
        <Section title="Symptom management" inGrid>
          <Prose text={body.symptomManagement} />
        </Section>
      </div>

      <div className="grid gap-5 border-t border-neutral-200 pt-4 lg:grid-cols-2">
        <Section title="Community resources" inGrid>
          {body.communityResources.length === 0 ? (
            <Empty>None listed.</Empty>
          ) : (
            <ul className="space-y-1.5">
              {body.communityResources.map((r, i) => (
                <li key={i} className="text-sm text-ink-800">
                  <span className="font-medium">{r.name}</span>
                  {r.purpose ? <span className="text-ink-600"> — {r.purpose}</span> : null}
                  {r.contact ? <span className="text-ink-600"> ({r.contact})</span> : null}
                </li>
              ))}
            </ul>
          )}
        </Section>
        <Section title="Coordination of care" inGrid>
          {body.coordination.length === 0 ? (
            <Empty>Nobody listed.</Empty>
          ) : (
            <ul className="space-y-1.5">
              {body.coordination.map((c, i) => (
                <li key={i} className="text-sm text-ink-800">
                  <span className="font-medium">{c.with}</span>
                  {c.purpose ? <span className="text-ink-600"> — {c.purpose}</span> : null}
                </li>
              ))}
            </ul>
          )}
        </Section>
      </div>

      <div className="grid gap-5 border-t border-neutral-200 pt-4 lg:grid-cols-2">
        <Section title="What matters to the patient" inGrid>
          <Prose text={body.patientPreferences} />
        </Section>
        <Section title="Next review" inGrid>
          <p className="text-sm text-ink-800">
            {body.reviewDueOn ? (
              formatDate(body.reviewDueOn)
            ) : (
              <span className="text-ink-500">No date set</span>
            )}
          </p>
        </Section>
      </div>
    </div>
  );
}
