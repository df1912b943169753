import { z } from "zod";

/** A calendar date as 'YYYY-MM-DD' (service dates are clinic-local dates, never instants). */
export const IsoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "Use the date format YYYY-MM-DD.");
