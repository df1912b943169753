import { useFetcher, useNavigate } from "@remix-run/react";
import { Search, UserRound } from "lucide-react";
import { useEffect, useId, useRef, useState } from "react";
import { Dialog, Kbd, TextField, cn } from "@carefold/ui";
import type { action as searchAction } from "../routes/api.patient-search";
import { formatDate } from "./patients/labels";

/** Waits this long after the last key before searching, so typing a name sends one request. */
const TYPE_PAUSE_MS = 250;

/**
 * Ctrl/Cmd+K: find a patient and open the chart without the mouse. The term is posted to
 * /api/patient-search (never in an address: it is PHI); ↑/↓ choose, Enter opens.
 */
export function CommandPalette({ open, onClose }: { open: boolean; onClose: () => void }) {
  const search = useFetcher<typeof searchAction>({ key: "command-palette" });
  const navigate = useNavigate();
  const [term, setTerm] = useState("");
  const [active, setActive] = useState(0);
  const listId = useId();
  const input = useRef<HTMLInputElement>(null);
  const rows = search.data?.ok ? search.data.rows : [];

  useEffect(() => {
    if (!open) return;
    setTerm("");
    setActive(0);
    // The native dialog focuses its first control; the search box is the one wanted.
    window.requestAnimationFrame(() => input.current?.focus());
  }, [open]);

  useEffect(() => {
    const q = term.trim();
    if (!open || q.length < 2) return;
    const id = window.setTimeout(
      () => search.submit({ q }, { method: "post", action: "/api/patient-search" }),
      TYPE_PAUSE_MS,
    );
    return () => window.clearTimeout(id);
  }, [term, open]);

  useEffect(() => setActive(0), [search.data]);

  const openPatient = (patientId: string) => {
    onClose();
    navigate(`/patients/${patientId}`);
  };
  const shown = term.trim().length >= 2 ? rows : [];
  const message =
    term.trim().length < 2
      ? "Type a patient's name or MRN."
      : search.data && !search.data.ok
        ? search.data.message
        : search.state !== "idle"
          ? "Searching…"
          : search.data?.ok && shown.length === 0
            ? "No patient matches — check the spelling, or search the patient list."
            : search.data?.ok
              ? `${search.data.total} ${search.data.total === 1 ? "match" : "matches"}${search.data.total > shown.length ? `, first ${shown.length} shown` : ""}.`
              : "";

  return (
    <Dialog open={open} onClose={onClose} title="Go to a patient" size="md">
      <form
        role="search"
        aria-label="Find a patient"
        onSubmit={(event) => {
          event.preventDefault();
          const row = shown[active];
          if (row) openPatient(row.id);
        }}
      >
        <TextField
          ref={input}
          label="Patient"
          hideLabel
          type="search"
          icon={Search}
          placeholder="Name, MRN, phone, birth date or MBI last 4"
          autoComplete="off"
          role="combobox"
          aria-expanded={shown.length > 0}
          aria-controls={listId}
          aria-activedescendant={shown[active] ? `${listId}-${shown[active].id}` : undefined}
          value={term}
          onChange={(event) => setTerm(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "ArrowDown" || event.key === "ArrowUp") {
              event.preventDefault();
              const step = event.key === "ArrowDown" ? 1 : -1;
              setActive((i) => Math.min(Math.max(0, i + step), Math.max(0, shown.length - 1)));
            }
          }}
        />
      </form>
      <p className="mt-2 text-xs text-ink-500" aria-live="polite">
        {message}
      </p>
      <ul id={listId} role="listbox" aria-label="Matching patients" className="mt-2 space-y-0.5">
        {shown.map((row, index) => (
          <li
            key={row.id}
            id={`${listId}-${row.id}`}
            role="option"
            aria-selected={index === active}
            className={cn(
              "flex cursor-pointer items-center gap-3 rounded-lg px-3 py-2",
              index === active ? "bg-brand-50 ring-1 ring-brand-200" : "hover:bg-neutral-50",
            )}
            onMouseEnter={() => setActive(index)}
            onClick={() => openPatient(row.id)}
          >
            <UserRound aria-hidden="true" className="size-4 shrink-0 text-ink-500" />
            <span className="min-w-0 flex-1">
              <span className="block truncate text-compact font-medium text-ink-900">{row.name}</span>
              <span className="block truncate text-xs text-ink-500">
                Born {formatDate(row.dateOfBirth)} · {row.clinic}
                {row.mbiMasked ? ` · MBI ${row.mbiMasked}` : ""}
              </span>
            </span>
            {index === active ? <Kbd>Enter</Kbd> : null}
          </li>
        ))}
      </ul>
    </Dialog>
  );
}
