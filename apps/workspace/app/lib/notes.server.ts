import { ACTIVITIES, NOTE_LABELS } from "@carefold/api";
import type { Caller } from "./session.server";

/** Note and activity words for loaders: fixed vocabularies, so no API call is spent on them. */
export const noteVocabulary = () => ({
  noteLabels: NOTE_LABELS,
  activities: ACTIVITIES as Record<string, string>,
});

type InteractionInput = NonNullable<Parameters<Caller["time"]["create"]>[0]["interaction"]>;

/**
 * The structured note of a form with `NoteFields` (contactWith, channel, outcome, topic…, note), or
 * undefined when no text was written. The API validates every value.
 */
export function readNoteFields(form: FormData): InteractionInput | undefined {
  const text = (name: string) => {
    const value = form.get(name);
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
  const body = text("note");
  if (!body) return undefined;
  return {
    contactWith: text("contactWith") as InteractionInput["contactWith"],
    channel: text("channel") as InteractionInput["channel"],
    outcome: text("outcome") as InteractionInput["outcome"],
    topics: form.getAll("topic").map(String) as InteractionInput["topics"],
    body,
  };
}
