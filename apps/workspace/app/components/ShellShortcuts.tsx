import { useNavigate } from "@remix-run/react";
import { useEffect } from "react";
import { isTypingTarget, shortcutTarget, type PatientShortcut } from "../lib/shortcuts";
import { useTimers } from "./work/timer-context";

/** Where a chart shortcut pressed away from the chart goes: the chart, which then acts on it. */
export interface ChartShortcutState {
  shortcut: PatientShortcut;
}

/**
 * The workspace's global keys: `?` help, Ctrl/Cmd+K the patient palette, `t` the timer of the
 * patient in view, `c` call and `n` note. `c` and `n` press the page's own Call / Add note button
 * (marked with data-shortcut); a page without one opens the chart of the patient in view, which
 * presses it there.
 */
export function ShellShortcuts({
  onHelp,
  onPalette,
}: {
  onHelp: () => void;
  onPalette: () => void;
}) {
  const { toggle, patientInView } = useTimers();
  const navigate = useNavigate();

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.defaultPrevented) return;
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === "k") {
        event.preventDefault();
        onPalette();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey || isTypingTarget(event.target)) return;
      // A shortcut inside an open dialog would act on the page behind it.
      if (document.querySelector("dialog[open]")) return;
      if (event.key === "?") {
        event.preventDefault();
        onHelp();
      } else if (event.key === "t") {
        event.preventDefault();
        toggle();
      } else if (event.key === "c" || event.key === "n") {
        const shortcut: PatientShortcut = event.key === "c" ? "call" : "note";
        const button = shortcutTarget(shortcut);
        if (button) {
          event.preventDefault();
          button.click();
        } else if (patientInView) {
          event.preventDefault();
          const state: ChartShortcutState = { shortcut };
          navigate(`/patients/${patientInView.id}`, { state });
        }
      }
    }
    window.addEventListener("keydown", onKeyDown);
    return () => window.removeEventListener("keydown", onKeyDown);
  }, [toggle, patientInView, navigate, onHelp, onPalette]);

  return null;
}
