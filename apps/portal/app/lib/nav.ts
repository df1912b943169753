import {
  ChartColumn,
  ClipboardList,
  FilePenLine,
  LayoutDashboard,
  ReceiptText,
  ScrollText,
  UserCheck,
  UserCog,
  Users,
} from "lucide-react";
import type { NavSection } from "@carefold/ui";

export const portalNav: NavSection[] = [
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
  {
    label: "Clinic",
    items: [
      { href: "/audit-log", label: "Audit log", icon: ScrollText },
      { href: "/users", label: "Users", icon: UserCog },
    ],
  },
];
