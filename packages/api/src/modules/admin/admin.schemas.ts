import { z } from "zod";
import { EmailSchema } from "../auth/auth.schemas.js";
import { isIanaTimeZone } from "../patients/state-time-zones.js";


export const CreateClinicSchema = z.object({
  name: z.string().trim().min(2, "Enter the clinic's name.").max(160),
  slug: z
    .string()
    .trim()
    .toLowerCase()
    .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "Use lower-case letters, digits and single dashes, like maple-grove."),
  timeZone: z.string().refine(isIanaTimeZone, "Choose a time zone like America/Chicago."),
  setting: z.enum(["office", "fqhc", "rhc"]),
  admin: z.object({ email: EmailSchema, name: z.string().trim().min(1, "Enter the administrator's name.").max(120) }),
});

export const VendorRoleSchema = z.enum(["vendor_admin", "supervisor", "coordinator", "billing"]);

export const InviteStaffSchema = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1, "Enter the person's name.").max(120),
  roles: z.array(VendorRoleSchema).min(1, "Choose at least one role.").max(4),
});

export const AssignmentSchema = z.object({ userId: z.string().uuid(), tenantId: z.string().uuid() });
