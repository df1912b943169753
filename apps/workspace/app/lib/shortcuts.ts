/** The workspace's keyboard shortcuts, listed by the `?` overlay. */
export const SHORTCUTS: {
  keys: string[];
  action: string;
  group: "Worklist" | "Chart" | "General";
}[] = [
  { keys: ["j"], action: "Next patient in the worklist", group: "Worklist" },
  { keys: ["k"], action: "Previous patient in the worklist", group: "Worklist" },
  { keys: ["Enter"], action: "Open the selected patient's chart", group: "Worklist" },
  { keys: ["c"], action: "Call the patient", group: "Chart" },
  { keys: ["t"], action: "Start or stop the timer", group: "Chart" },
  { keys: ["n"], action: "Add a note", group: "Chart" },
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
