import { toE164 } from "@carefold/integrations";
import { z } from "zod";
import { invalidInput } from "../../errors.js";
import { coordinatorProcedure, router, vendorAdminProcedure } from "../../trpc/trpc.js";
import { performerOf } from "../time/time.router.js";
import { ACTIVITIES } from "../time/time.schemas.js";
import { DISPOSITIONS, type Disposition } from "./call-status.js";
import {
  confirmCallTime,
  discardCallTime,
  getCall,
  listPatientCalls,
  setDisposition,
  startCall,
} from "./calls.service.js";
import { CommunicationsLogSchema, listCommunications, listPendingCallTime } from "./communications-log.service.js";
import { patientThread, queueSms, SendSmsSchema, SMS_TEMPLATE_KINDS } from "./sms.service.js";

const CallIdSchema = z.object({ callId: z.string().uuid() });
const activityKeys = Object.keys(ACTIVITIES) as [
  keyof typeof ACTIVITIES,
  ...(keyof typeof ACTIVITIES)[],
];
const dispositionKeys = Object.keys(DISPOSITIONS) as [Disposition, ...Disposition[]];

/** Calls and texts with patients, from the coordinator workspace. */
export const callsRouter = router({
  dispositions: coordinatorProcedure.query(() => DISPOSITIONS),

  /** The Calls & messages page: calls and texts across the clinics in scope, newest first. */
  log: coordinatorProcedure
    .input(CommunicationsLogSchema)
    .query(({ ctx, input }) => listCommunications(ctx.tx, ctx.auth.user.id, input)),

  /** My calls whose talk time still waits to be confirmed or discarded. */
  pendingTime: coordinatorProcedure.query(({ ctx }) => listPendingCallTime(ctx.tx, ctx.auth.user.id)),

  /**
   * Click-to-call: the calling-hours guard, then the call record and a browser access token.
   * Outside the window the answer says so (nothing is created) unless an override reason is given.
   */
  start: coordinatorProcedure
    .input(
      z.object({
        patientId: z.string().uuid(),
        phoneId: z.string().uuid().optional(),
        overrideReason: z
          .string()
          .trim()
          .min(5, "Say why the patient must be called now (at least 5 characters).")
          .max(300)
          .optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({ patientId: input.patientId, objectType: "call" });
      const result = await startCall(ctx.tx, input, ctx.auth.user.id);
      if (result.kind === "outside_calling_hours") {
        ctx.audit.describe({
          tenantId: result.tenantId,
          details: { refused: "outside_calling_hours", patientLocalTime: result.patientLocalTime },
        });
        return { ...result, provider: null, token: null };
      }
      ctx.audit.describe({
        tenantId: result.tenantId,
        objectId: result.callId,
        details: {
          callingHoursOverride: result.overridden ? input.overrideReason : null,
          recording: result.recording,
        },
      });
      const telephony = ctx.telephony();
      return {
        ...result,
        provider: telephony.provider,
        token: telephony.createVoiceToken(ctx.auth.user.id),
      };
    }),

  /** Status, timeline and draft time of one call (polled by the call panel; no patient details). */
  get: coordinatorProcedure.input(CallIdSchema).query(async ({ ctx, input }) => {
    const { toE164: _to, ...call } = await getCall(ctx.tx, input.callId);
    return call;
  }),

  setDisposition: coordinatorProcedure
    .input(CallIdSchema.extend({ disposition: z.enum(dispositionKeys) }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({
        objectType: "call",
        objectId: input.callId,
        details: { disposition: input.disposition },
      });
      const result = await setDisposition(ctx.tx, input, ctx.auth.user.id);
      ctx.audit.describe({ tenantId: result.tenantId, patientId: result.patientId });
      return { ok: true as const };
    }),

  /**
   * Confirms a finished call's talk time into a time entry: the measured seconds count; `minutes`
   * is the coordinator's claim (0 for a sub-minute call; more than the talk time goes to review).
   */
  confirmTime: coordinatorProcedure
    .input(
      CallIdSchema.extend({
        minutes: z.number().int().min(0).max(600),
        /** Shared with another performer's entry of the same contact (counted once). */
        contactId: z.string().uuid().optional(),
        activity: z.enum(activityKeys).default("patient_call"),
        note: z.string().trim().max(4000).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({
        objectType: "time_entry",
        details: { callId: input.callId, minutes: input.minutes, source: "call" },
      });
      const result = await confirmCallTime(ctx.tx, input, performerOf(ctx));
      ctx.audit.describe({
        tenantId: result.tenantId,
        patientId: result.patientId,
        objectId: result.entryId,
        details: {
          callId: input.callId,
          minutes: input.minutes,
          suggestedMinutes: result.suggestedMinutes,
          isDuplicate: result.isDuplicate,
        },
      });
      return result;
    }),

  discardTime: coordinatorProcedure.input(CallIdSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({
      objectType: "call",
      objectId: input.callId,
      details: { discardedDraft: true },
    });
    const result = await discardCallTime(ctx.tx, input.callId, ctx.auth.user.id);
    ctx.audit.describe({ tenantId: result.tenantId, patientId: result.patientId });
    return { ok: true as const };
  }),

  /** The chart's communication panel: recent calls and the text thread. */
  forPatient: coordinatorProcedure
    .input(z.object({ patientId: z.string().uuid() }))
    .query(async ({ ctx, input }) => {
      const patient = await ctx.tx.patient.findFirst({
        where: { id: input.patientId },
        select: { tenantId: true },
      });
      if (!patient) return { calls: [], messages: [] };
      ctx.audit.recordRead({
        tenantId: patient.tenantId,
        patientId: input.patientId,
        objectType: "communications",
      });
      const calls = await listPatientCalls(ctx.tx, input.patientId);
      const messages = await patientThread(ctx.tx, input.patientId);
      return { calls, messages };
    }),

  smsTemplates: coordinatorProcedure.query(() => SMS_TEMPLATE_KINDS),

  /** Queues a text (sent by the worker); refused for numbers that opted out. */
  sendSms: coordinatorProcedure.input(SendSmsSchema).mutation(async ({ ctx, input }) => {
    ctx.audit.describe({
      patientId: input.patientId,
      objectType: "sms_message",
      details: { template: input.templateKind ?? null },
    });
    const result = await queueSms(ctx.tx, input, ctx.auth.user.id);
    ctx.audit.describe({
      tenantId: result.tenantId,
      objectId: result.messageId,
      details: { template: input.templateKind ?? null, isDuplicate: result.isDuplicate },
    });
    return result;
  }),
});

const TenantInput = z.object({ tenantId: z.string().uuid() });

/** Vendor admin: each clinic's caller-ID numbers and recording settings. */
export const telephonyAdminRouter = router({
  clinicSettings: vendorAdminProcedure.input(TenantInput).query(async ({ ctx, input }) => {
    const numbers = await ctx.tx.clinicPhoneNumber.findMany({
      where: { tenantId: input.tenantId },
      orderBy: [{ isDefault: "desc" }, { createdAt: "asc" }],
    });
    const setting = await ctx.tx.clinicCallSetting.findUnique({ where: { tenantId: input.tenantId } });
    return {
      numbers: numbers.map((n) => ({
        id: n.id,
        numberE164: n.numberE164,
        label: n.label,
        isDefault: n.isDefault,
      })),
      recordingEnabled: setting?.recordingEnabled ?? false,
      recordingNotice: setting?.recordingNotice ?? null,
    };
  }),

  addNumber: vendorAdminProcedure
    .input(
      TenantInput.extend({
        number: z.string().trim().min(1, "Enter the clinic's number.").max(30),
        label: z.string().trim().min(1).max(60).default("Main line"),
        isDefault: z.boolean().default(false),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      const numberE164 = toE164(input.number);
      if (!numberE164)
        throw invalidInput(
          "Enter the number with its area code, e.g. (612) 555-0100 or +1 612 555 0100.",
        );
      ctx.audit.describe({
        tenantId: input.tenantId,
        objectType: "clinic_phone_number",
        details: { label: input.label },
      });
      const tenant = await ctx.tx.tenant.findUnique({
        where: { id: input.tenantId },
        select: { id: true },
      });
      if (!tenant) throw invalidInput("That clinic was not found.");
      const taken = await ctx.tx.clinicPhoneNumber.findFirst({ where: { numberE164 } });
      if (taken)
        throw invalidInput(
          taken.tenantId === input.tenantId
            ? "This clinic already has that number."
            : "That number belongs to another clinic.",
        );
      const hasDefault = await ctx.tx.clinicPhoneNumber.findFirst({
        where: { tenantId: input.tenantId, isDefault: true },
      });
      const makeDefault = input.isDefault || !hasDefault;
      if (makeDefault && hasDefault)
        await ctx.tx.clinicPhoneNumber.update({
          where: { tenantId_id: { tenantId: input.tenantId, id: hasDefault.id } },
          data: { isDefault: false },
        });
      const created = await ctx.tx.clinicPhoneNumber.create({
        data: { tenantId: input.tenantId, numberE164, label: input.label, isDefault: makeDefault },
      });
      ctx.audit.describe({ objectId: created.id });
      return { id: created.id, numberE164 };
    }),

  removeNumber: vendorAdminProcedure
    .input(TenantInput.extend({ numberId: z.string().uuid() }))
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({
        tenantId: input.tenantId,
        objectType: "clinic_phone_number",
        objectId: input.numberId,
      });
      const removed = await ctx.tx.clinicPhoneNumber.deleteMany({
        where: { tenantId: input.tenantId, id: input.numberId },
      });
      return { removed: removed.count };
    }),

  saveCallSettings: vendorAdminProcedure
    .input(
      TenantInput.extend({
        recordingEnabled: z.boolean(),
        recordingNotice: z.string().trim().max(500).optional(),
      }),
    )
    .mutation(async ({ ctx, input }) => {
      ctx.audit.describe({
        tenantId: input.tenantId,
        objectType: "clinic_call_setting",
        objectId: input.tenantId,
        details: {
          recordingEnabled: input.recordingEnabled,
          hasNotice: Boolean(input.recordingNotice),
        },
      });
      const data = {
        recordingEnabled: input.recordingEnabled,
        recordingNotice: input.recordingNotice || null,
        updatedAt: new Date(),
      };
      await ctx.tx.clinicCallSetting.upsert({
        where: { tenantId: input.tenantId },
        create: { tenantId: input.tenantId, ...data },
        update: data,
      });
      return { ok: true as const };
    }),
});
