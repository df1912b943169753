import {
  ChartColumn,
  ClipboardList,
  FilePenLine,
  Landmark,
  LayoutDashboard,
  ReceiptText,
  ScrollText,
  UserCheck,
  UserCog,
  Users,
} from "lucide-react";
import type { NavSection } from "@carefold/ui";

/** The portal's sidebar. Users, payers and the audit log are for clinic admins only. */
export function portalNav(role: string | null): NavSection[] {
  const sections: NavSection[] = [
    {
      items: [
        { href: "/", label: "Overview", icon: LayoutDashboard },
        { href: "/patients", label: "Patients", icon: Users },
        { href: "/enrollment", label: "Enrollment", icon: UserCheck },
        { href: "/care-plans", label: "Care plans", icon: FilePenLine },
      ],
    },
    {
      label: "Billing",
      items: [
        { href: "/billing", label: "Billing", icon: ClipboardList },
        { href: "/reports", label: "Reports", icon: ChartColumn },
        { href: "/invoices", label: "Invoices", icon: ReceiptText },
      ],
    },
  ];
  if (role === "clinic_admin") {
    sections.push({
      label: "Clinic",
      items: [
        { href: "/users", label: "Users", icon: UserCog },
        { href: "/payers", label: "Payers", icon: Landmark },
        { href: "/audit-log", label: "Audit log", icon: ScrollText },
      ],
    });
  }
  return sections;
}
