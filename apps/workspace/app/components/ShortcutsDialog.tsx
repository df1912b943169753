import { Fragment } from "react";
import { Dialog, Kbd } from "@carefold/ui";
import { SHORTCUTS } from "../lib/shortcuts";

const groups = ["Worklist", "Chart", "General"] as const;

export function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  return (
    <Dialog
      open={open}
      onClose={onClose}
      title="Keyboard shortcuts"
      description="Work the worklist without the mouse. Shortcuts pause while you type in a field."
    >
      <div className="space-y-4">
        {groups.map((group) => (
          <section key={group} aria-labelledby={`shortcuts-${group}`}>
            <h3
              id={`shortcuts-${group}`}
              className="mb-1.5 text-2xs font-semibold tracking-wider text-ink-500 uppercase"
            >
              {group}
            </h3>
            <dl className="divide-y divide-neutral-100 rounded-lg border border-neutral-200">
              {SHORTCUTS.filter((s) => s.group === group).map((shortcut) => (
                <div
                  key={shortcut.action}
                  className="flex items-center justify-between gap-4 px-3 py-2"
                >
                  <dt className="text-compact text-ink-700">{shortcut.action}</dt>
                  <dd className="flex items-center gap-1">
                    {shortcut.keys.map((key, index) => (
                      <Fragment key={key}>
                        {index > 0 ? <span className="text-2xs text-ink-500">then</span> : null}
                        <Kbd>{key}</Kbd>
                      </Fragment>
                    ))}
                  </dd>
                </div>
              ))}
            </dl>
          </section>
        ))}
      </div>
    </Dialog>
  );
}
