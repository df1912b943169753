import { z } from "zod";

/**
 * What a stored object is; the second segment of every key. Closed set so keys stay parseable
 * and lifecycle/retention rules can target a prefix per kind (product capability 11).
 */
export const OBJECT_KINDS = [
  "consent",
  "panel-import",
  "recording",
  "care-plan",
  "audit-packet",
  "claim-export",
  "payer-file",
  "export",
] as const;

export const ObjectKindSchema = z.enum(OBJECT_KINDS);
export type ObjectKind = z.infer<typeof ObjectKindSchema>;
