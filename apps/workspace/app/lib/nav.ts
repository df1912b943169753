import {
  Building2,
  CalendarCheck,
  ClipboardCheck,
  IdCard,
  ListTodo,
  PhoneCall,
  ReceiptText,
  Timer,
  Users,
} from "lucide-react";
import type { NavSection } from "@carefold/ui";

export const workspaceNav: NavSection[] = [
  {
    items: [
      { href: "/", label: "Worklist", icon: ListTodo },
      { href: "/patients", label: "Patients", icon: Users },
      { href: "/tasks", label: "Tasks", icon: ClipboardCheck },
      { href: "/calls", label: "Calls & messages", icon: PhoneCall },
      { href: "/time-review", label: "Time review", icon: Timer },
    ],
  },
  {
    label: "Admin",
    items: [
      { href: "/admin/clinics", label: "Clinics", icon: Building2 },
      { href: "/admin/staff", label: "Staff", icon: IdCard },
      { href: "/admin/month-close", label: "Month close", icon: CalendarCheck },
      { href: "/admin/invoicing", label: "Invoicing", icon: ReceiptText },
    ],
  },
];
