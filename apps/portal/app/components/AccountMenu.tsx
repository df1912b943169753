import { Form, Link } from "@remix-run/react";
import { LogOut, ShieldCheck } from "lucide-react";
import { MenuSeparator, UserMenu, menuItemClasses } from "@carefold/ui";

/** The user menu in the top bar: who is signed in, account security, sign out. */
export function AccountMenu({
  name,
  email,
  role,
  dense,
}: {
  name: string;
  email: string;
  role: string;
  dense?: boolean;
}) {
  return (
    <UserMenu name={name} email={email} detail={role} dense={dense}>
      <Link to="/account/security" className={menuItemClasses()}>
        <ShieldCheck aria-hidden="true" />
        Account security
      </Link>
      <MenuSeparator />
      <Form method="post" action="/sign-out">
        <button type="submit" className={menuItemClasses()}>
          <LogOut aria-hidden="true" />
          Sign out
        </button>
      </Form>
    </UserMenu>
  );
}
