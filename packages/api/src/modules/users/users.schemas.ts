import { z } from "zod";
import { EmailSchema } from "../auth/auth.schemas.js";

export const TenantRoleSchema = z.enum(["clinic_admin", "practitioner", "clinic_staff"]);

export const InviteClinicUserSchema = z.object({
  email: EmailSchema,
  name: z.string().trim().min(1, "Enter the person's name.").max(120),
  role: TenantRoleSchema,
});

export const UserIdSchema = z.object({ userId: z.string().uuid() });
