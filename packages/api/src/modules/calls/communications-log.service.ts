import { Prisma, type ScopedTx } from "@carefold/db";
import { z } from "zod";
import { DISPOSITIONS, type Disposition } from "./call-status.js";
import { containsPattern } from "../../search/like-pattern.js";

/** Whose calls and texts: the coordinator's own (default) or everyone's in their clinics. */
export const COMMUNICATION_OWNERS = ["mine", "everyone"] as const;
/** What to show: everything, calls, only calls that ended in a voicemail, or text messages. */
export const COMMUNICATION_KINDS = ["all", "calls", "voicemails", "texts"] as const;

export const CommunicationsLogSchema = z.object({
  who: z.enum(COMMUNICATION_OWNERS).default("mine"),
  kind: z.enum(COMMUNICATION_KINDS).default("all"),
  /** A patient's name (words, any order) or a phone number (its digits). */
  search: z.string().trim().max(100, "Search for at most 100 characters.").optional(),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(10).max(100).default(50),
});
export type CommunicationsLogFilter = z.infer<typeof CommunicationsLogSchema>;

export interface CommunicationItem {
  kind: "call" | "text";
  id: string;
  at: string;
  patientId: string | null;
  patientName: string | null;
  clinic: string;
  direction: "outbound" | "inbound";
  /** The patient's side of the conversation (E.164). */
  phone: string;
  /** Calls: the provider's status; texts: queued, sending, sent, delivered, failed, received… */
  status: string;
  disposition: Disposition | null;
  dispositionLabel: string | null;
  talkSeconds: number | null;
  /** Who called or sent it (inbound texts: nobody). */
  by: string | null;
  /** The text's body, shortened for the list (the chart shows the whole thread). */
  preview: string | null;
}

const PREVIEW_CHARS = 120;

/**
 * One list of calls and texts across the clinics in scope (RLS), newest first, for the
 * Calls & messages page. "Mine" is the calls I placed, the texts I sent, and the replies of patients
 * on my panel; "everyone" is every call and text of my clinics. A search matches the patient's
 * names (every word) or the phone number's digits.
 */
export async function listCommunications(tx: ScopedTx, userId: string, filter: CommunicationsLogFilter) {
  const words = filter.search?.split(/\s+/).filter(Boolean) ?? [];
  const digits = (filter.search ?? "").replace(/\D/g, "");
  const isPhoneSearch = digits.length >= 4 && digits.length === (filter.search ?? "").replace(/[\s()+.-]/g, "").length;
  const isMine = filter.who === "mine";
  const calls = filter.kind !== "texts";
  const texts = filter.kind === "all" || filter.kind === "texts";

  const callRows = Prisma.sql`
    SELECT 'call' AS kind, c.tenant_id, c.id, c.patient_id, c.created_at AS at, c.direction, c.to_e164 AS phone, c.status,
           c.disposition, c.talk_seconds, c.user_id AS by_user, NULL::text AS body
      FROM call c
     WHERE ${calls ? Prisma.sql`true` : Prisma.sql`false`}
       AND ${isMine ? Prisma.sql`c.user_id = ${userId}::uuid` : Prisma.sql`true`}
       AND ${filter.kind === "voicemails" ? Prisma.sql`c.disposition = 'voicemail'` : Prisma.sql`true`}`;
  const textRows = Prisma.sql`
    SELECT 'text', m.tenant_id, m.id, m.patient_id, m.created_at, m.direction,
           CASE WHEN m.direction = 'inbound' THEN m.from_e164 ELSE m.to_e164 END, m.status, NULL, NULL, m.sent_by, m.body
      FROM sms_message m
     WHERE ${texts ? Prisma.sql`true` : Prisma.sql`false`}
       AND ${
         isMine
           ? Prisma.sql`(m.sent_by = ${userId}::uuid OR (m.direction = 'inbound' AND EXISTS (
               SELECT 1 FROM panel_assignment pa WHERE pa.tenant_id = m.tenant_id AND pa.patient_id = m.patient_id AND pa.coordinator_user_id = ${userId}::uuid)))`
           : Prisma.sql`true`
       }`;
  const matches =
    words.length === 0
      ? Prisma.sql`true`
      : isPhoneSearch
        ? Prisma.sql`regexp_replace(i.phone, '\\D', '', 'g') LIKE ${containsPattern(digits)}`
        : Prisma.join(
            words.map((w) => {
              const like = containsPattern(w);
              return Prisma.sql`(p.first_name ILIKE ${like} OR p.last_name ILIKE ${like})`;
            }),
            " AND ",
          );
  const base = Prisma.sql`
    FROM (${callRows} UNION ALL ${textRows}) i
    JOIN tenant t ON t.id = i.tenant_id
    LEFT JOIN patient p ON p.tenant_id = i.tenant_id AND p.id = i.patient_id
   WHERE ${matches}`;

  const [count] = await tx.$queryRaw<{ total: bigint }[]>`SELECT count(*) AS total ${base}`;
  const rows = await tx.$queryRaw<
    { kind: "call" | "text"; id: string; patient_id: string | null; at: Date; direction: "outbound" | "inbound"; phone: string; status: string; disposition: string | null;
      talk_seconds: number | null; by_user: string | null; body: string | null; clinic: string; first_name: string | null; last_name: string | null }[]
  >`
    SELECT i.kind, i.id::text, i.patient_id::text, i.at, i.direction, i.phone, i.status, i.disposition, i.talk_seconds, i.by_user::text,
           left(i.body, ${PREVIEW_CHARS + 1}) AS body, t.name AS clinic, p.first_name, p.last_name
      ${base}
     ORDER BY i.at DESC, i.id DESC
     LIMIT ${filter.pageSize} OFFSET ${(filter.page - 1) * filter.pageSize}`;

  const people = new Map(
    (await tx.appUser.findMany({ where: { id: { in: [...new Set(rows.flatMap((r) => (r.by_user ? [r.by_user] : [])))] } }, select: { id: true, name: true } })).map((u) => [u.id, u.name]),
  );
  const items: CommunicationItem[] = rows.map((r) => {
    const disposition = r.disposition && r.disposition in DISPOSITIONS ? (r.disposition as Disposition) : null;
    return {
      kind: r.kind,
      id: r.id,
      at: r.at.toISOString(),
      patientId: r.patient_id,
      patientName: r.last_name !== null ? `${r.last_name}, ${r.first_name}` : null,
      clinic: r.clinic,
      direction: r.direction,
      phone: r.phone,
      status: r.status,
      disposition,
      dispositionLabel: disposition ? DISPOSITIONS[disposition] : null,
      talkSeconds: r.talk_seconds,
      by: r.by_user ? (people.get(r.by_user) ?? null) : null,
      preview: r.body === null ? null : r.body.length > PREVIEW_CHARS ? `${r.body.slice(0, PREVIEW_CHARS).trimEnd()}…` : r.body,
    };
  });
  return { total: Number(count!.total), page: filter.page, pageSize: filter.pageSize, items };
}

/**
 * The coordinator's calls whose talk time was never confirmed or discarded (they hung up and moved
 * on): minutes that count toward billing only once confirmed. Oldest first, so nothing ages out
 * of the month unseen; `isMonthClosed` says when the month closed before anyone confirmed it.
 */
export async function listPendingCallTime(tx: ScopedTx, userId: string) {
  const rows = await tx.$queryRaw<
    { call_id: string; patient_id: string; first_name: string; last_name: string; clinic: string; at: Date; talk_seconds: number; minutes: number; disposition: string | null; service_month: string; is_month_closed: boolean }[]
  >`
    SELECT d.call_id::text, d.patient_id::text, p.first_name, p.last_name, t.name AS clinic, coalesce(c.answered_at, c.created_at) AS at, d.talk_seconds, d.minutes, c.disposition,
           to_char(coalesce(c.answered_at, c.created_at) AT TIME ZONE t.time_zone, 'YYYY-MM') AS service_month,
           EXISTS (SELECT 1 FROM service_month_lock l WHERE l.tenant_id = d.tenant_id
                      AND l.service_month = to_char(coalesce(c.answered_at, c.created_at) AT TIME ZONE t.time_zone, 'YYYY-MM')) AS is_month_closed
      FROM call_time_draft d
      JOIN call c ON c.tenant_id = d.tenant_id AND c.id = d.call_id
      JOIN patient p ON p.tenant_id = d.tenant_id AND p.id = d.patient_id
      JOIN tenant t ON t.id = d.tenant_id
     WHERE d.user_id = ${userId}::uuid AND d.status = 'pending'
     ORDER BY at, d.call_id
     LIMIT 100`;
  return rows.map((r) => {
    const disposition = r.disposition && r.disposition in DISPOSITIONS ? (r.disposition as Disposition) : null;
    return {
      callId: r.call_id,
      patientId: r.patient_id,
      patientName: `${r.last_name}, ${r.first_name}`,
      clinic: r.clinic,
      at: r.at.toISOString(),
      talkSeconds: r.talk_seconds,
      suggestedMinutes: r.minutes,
      disposition,
      dispositionLabel: disposition ? DISPOSITIONS[disposition] : null,
      serviceMonth: r.service_month,
      isMonthClosed: r.is_month_closed,
    };
  });
}
