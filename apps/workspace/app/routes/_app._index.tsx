import type { MetaFunction } from "@remix-run/node";
import {
  ClipboardCheck,
  ListTodo,
  Phone,
  PhoneCall,
  Play,
  Search,
  Timer,
  TrendingUp,
  UserRound,
} from "lucide-react";
import { Badge, Button, EmptyState, Kbd, ProgressBar, SelectField, TextField } from "@carefold/ui";
import { RailPanel } from "../components/RailPanel";

export const meta: MetaFunction = () => [{ title: "Worklist · Carefold Workspace" }];

/** CCM billing thresholds in minutes: 99490 at 20, then 99439 at 40 and 60. */
const THRESHOLDS = [20, 40, 60];

export default function Worklist() {
  return (
    <div className="grid h-[calc(100vh-3.5rem)] min-h-[36rem] grid-cols-[19rem_minmax(0,1fr)_18rem]">
      {/* Left: the prioritised worklist across every assigned clinic. */}
      <section
        aria-labelledby="worklist-heading"
        className="flex min-h-0 flex-col border-r border-neutral-200 bg-white"
      >
        <div className="space-y-2.5 border-b border-neutral-200 px-4 pt-4 pb-3">
          <div className="flex items-center justify-between gap-2">
            <h1 id="worklist-heading" className="text-base font-semibold text-ink-900">
              Worklist
            </h1>
            <Badge tone="neutral" icon={null}>
              <span className="tabular">0</span> patients
            </Badge>
          </div>
          <TextField
            type="search"
            label="Search the worklist"
            hideLabel
            placeholder="Name or MBI (last 4)"
            icon={Search}
            size="sm"
          />
          <SelectField
            label="Order"
            inlineLabel
            size="sm"
            defaultValue="risk"
            className="[&>div]:flex-1"
          >
            <option value="risk">Month-end risk</option>
            <option value="due">Tasks due</option>
            <option value="contact">Last contact</option>
          </SelectField>
        </div>
        <div className="min-h-0 flex-1 overflow-y-auto">
          <EmptyState
            icon={ListTodo}
            size="sm"
            headingLevel={2}
            title="Your worklist is empty — a supervisor assigns clinics and patients to you"
          >
            Once you're assigned, patients appear here, riskiest first: minutes still needed, days
            left in the month, tasks due, and whether it's a good time to call.
          </EmptyState>
        </div>
        <p className="flex items-center gap-1.5 border-t border-neutral-200 px-4 py-2.5 text-2xs text-ink-500">
          <Kbd>j</Kbd>
          <Kbd>k</Kbd>
          <span>move</span>
          <span aria-hidden="true" className="mx-1 text-neutral-300">
            ·
          </span>
          <Kbd>Enter</Kbd>
          <span>open</span>
          <span aria-hidden="true" className="mx-1 text-neutral-300">
            ·
          </span>
          <Kbd>?</Kbd>
          <span>help</span>
        </p>
      </section>

      {/* Middle: the open patient's chart. */}
      <section
        aria-label="Patient chart"
        className="flex min-h-0 flex-col overflow-y-auto bg-neutral-50"
      >
        <div className="flex flex-1 items-center justify-center p-8">
          <div className="w-full max-w-md rounded-xl border border-dashed border-neutral-300 bg-white/60">
            <EmptyState icon={UserRound} title="No patient open — choose one from your worklist">
              The chart shows conditions, the care plan, contact history and this month's time.
              Select a patient with <Kbd>j</Kbd> / <Kbd>k</Kbd> and open it with <Kbd>Enter</Kbd>.
            </EmptyState>
          </div>
        </div>
      </section>

      {/* Right rail: timer, month-to-date minutes, call panel, open tasks. */}
      <aside
        aria-label="Patient tools"
        className="min-h-0 overflow-y-auto border-l border-neutral-200 bg-white"
      >
        <RailPanel title="Timer" icon={Timer} shortcut="t">
          <p
            role="timer"
            aria-label="Time on this patient"
            className="tabular text-3xl font-semibold tracking-tight text-ink-400"
          >
            00:00
          </p>
          <p aria-live="polite" className="mt-1 text-xs text-ink-500">
            Stopped — open a patient to start timing.
          </p>
          <Button variant="secondary" size="sm" icon={Play} fullWidth disabled className="mt-3">
            Start timer
          </Button>
        </RailPanel>

        <RailPanel title="This month" icon={TrendingUp}>
          <ProgressBar
            label="Minutes this month"
            value={0}
            ticks={THRESHOLDS}
            unit="min"
            tone="muted"
            valueText="0 of 20 min"
          />
          <ul className="mt-3 space-y-1 text-xs text-ink-600">
            <li className="flex justify-between gap-2">
              <span>20 min</span>
              <span className="font-mono text-ink-700">99490</span>
            </li>
            <li className="flex justify-between gap-2">
              <span>40 min</span>
              <span className="font-mono text-ink-700">+ 99439</span>
            </li>
            <li className="flex justify-between gap-2">
              <span>60 min</span>
              <span className="font-mono text-ink-700">+ 99439</span>
            </li>
          </ul>
        </RailPanel>

        <RailPanel title="Call" icon={PhoneCall} shortcut="c">
          <p aria-live="polite" className="text-compact font-medium text-ink-700">
            No active call
          </p>
          <p className="mt-1 text-xs text-ink-500">
            Calls go out from the clinic's own number, between 8:00 and 21:00 in the patient's time
            zone.
          </p>
          <Button variant="secondary" size="sm" icon={Phone} fullWidth disabled className="mt-3">
            Call patient
          </Button>
        </RailPanel>

        <RailPanel title="Open tasks" icon={ClipboardCheck} shortcut="n">
          <p className="text-compact text-ink-600">No open tasks for this patient.</p>
          <p className="mt-1 text-xs text-ink-500">
            Press n on a chart to add a note or a follow-up.
          </p>
        </RailPanel>
      </aside>
    </div>
  );
}
