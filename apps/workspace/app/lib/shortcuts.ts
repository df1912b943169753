/** The workspace's keyboard shortcuts, listed by the `?` overlay. */
export const SHORTCUTS: {
  keys: string[];
  action: string;
  group: "Worklist" | "Chart" | "General";
}[] = [
  { keys: ["j"], action: "Next patient in the worklist", group: "Worklist" },
  { keys: ["k"], action: "Previous patient in the worklist", group: "Worklist" },
  { keys: ["Enter"], action: "Open the selected patient's chart", group: "Worklist" },
  { keys: ["c"], action: "Call the patient in view", group: "Chart" },
  { keys: ["t"], action: "Start or stop the timer for the patient in view", group: "Chart" },
  { keys: ["n"], action: "Add a note for the patient in view", group: "Chart" },
  { keys: ["Ctrl K"], action: "Go to a patient (⌘K on a Mac)", group: "General" },
  { keys: ["?"], action: "Show keyboard shortcuts", group: "General" },
  { keys: ["Esc"], action: "Close this dialog", group: "General" },
];

/** True when the key press is meant for a text field, not a shortcut. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    target instanceof HTMLInputElement ||
    target instanceof HTMLTextAreaElement ||
    target instanceof HTMLSelectElement
  );
}

/** Chart actions a key presses: the page marks its button with `data-shortcut="call"` / `"note"`. */
export type PatientShortcut = "call" | "note";

/** The page's enabled button for a shortcut, if it has one. */
export function shortcutTarget(shortcut: PatientShortcut): HTMLButtonElement | null {
  const buttons = document.querySelectorAll<HTMLButtonElement>(`button[data-shortcut="${shortcut}"]`);
  for (const button of buttons) if (!button.disabled) return button;
  return null;
}
