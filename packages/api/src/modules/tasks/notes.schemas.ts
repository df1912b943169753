import { z } from "zod";

/** Who the coordinator dealt with (words for the chart; keys match the note table's checks). */
export const NOTE_CONTACTS = { patient: "Patient", caregiver: "Caregiver", provider: "Provider / clinic", pharmacy: "Pharmacy", other: "Other" } as const;
export const NOTE_CHANNELS = { phone: "Phone", video: "Video", in_person: "In person", message: "Message" } as const;
export const NOTE_OUTCOMES = { reached: "Reached", left_message: "Left a message", no_answer: "No answer", completed: "Completed", declined: "Declined" } as const;
export const NOTE_TOPICS = {
  medications: "Medications",
  symptoms: "Symptoms",
  care_plan: "Care plan",
  appointments: "Appointments",
  labs: "Labs / imaging",
  transitions: "Care transition",
  social_needs: "Social needs",
  education: "Education",
} as const;

const keysOf = <T extends Record<string, string>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];

/** The structured part of an interaction note plus its text; shared by notes and time entries. */
export const InteractionNoteSchema = z.object({
  contactWith: z.enum(keysOf(NOTE_CONTACTS)).optional(),
  channel: z.enum(keysOf(NOTE_CHANNELS)).optional(),
  outcome: z.enum(keysOf(NOTE_OUTCOMES)).optional(),
  topics: z.array(z.enum(keysOf(NOTE_TOPICS))).max(8).default([]),
  body: z.string().trim().min(1, "Write the note.").max(8000),
});
export type InteractionNote = z.infer<typeof InteractionNoteSchema>;

export const NOTE_LABELS = { contacts: NOTE_CONTACTS, channels: NOTE_CHANNELS, outcomes: NOTE_OUTCOMES, topics: NOTE_TOPICS } as const;
