import {
  BarChart3,
  Building2,
  CalendarCheck,
  ClipboardCheck,
  IdCard,
  ListTodo,
  Mailbox,
  PhoneCall,
  ReceiptText,
  ScrollText,
  Timer,
  UserCog,
  Users,
} from "lucide-react";
import type { NavSection } from "@carefold/ui";

/**
 * The workspace's sidebar: only what the role may open. The Supervision group (time review,
 * caseloads, panel assignment) is for supervisors and vendor admins — the API refuses the rest
 * (vendorProcedure("supervisor")) — and the Admin group for vendor admins only.
 */
export function workspaceNav(vendorRoles: readonly string[]): NavSection[] {
  const sections: NavSection[] = [
    {
      items: [
        { href: "/", label: "Worklist", icon: ListTodo },
        { href: "/patients", label: "Patients", icon: Users },
        { href: "/tasks", label: "Tasks", icon: ClipboardCheck },
        { href: "/calls", label: "Calls & messages", icon: PhoneCall },
      ],
    },
  ];
  if (vendorRoles.includes("supervisor") || vendorRoles.includes("vendor_admin")) {
    sections.push({
      label: "Supervision",
      items: [
        { href: "/time-review", label: "Time review", icon: Timer },
        { href: "/caseload", label: "Caseload", icon: BarChart3 },
        { href: "/panels", label: "Panel assignment", icon: UserCog },
      ],
    });
  }
  if (vendorRoles.includes("vendor_admin")) {
    sections.push({
      label: "Admin",
      items: [
        { href: "/admin/clinics", label: "Clinics", icon: Building2 },
        { href: "/admin/staff", label: "Staff", icon: IdCard },
        { href: "/admin/month-close", label: "Month close", icon: CalendarCheck },
        { href: "/admin/invoicing", label: "Invoicing", icon: ReceiptText },
        { href: "/admin/audit", label: "Audit log", icon: ScrollText },
        { href: "/admin/mailbox", label: "Mailbox", icon: Mailbox },
      ],
    });
  }
  return sections;
}
