import { Link } from "@remix-run/react";
import { LogIn } from "lucide-react";
import { buttonClasses, buttonIconClass } from "@carefold/ui";

/** User-menu slot until sessions exist: nobody is signed in yet. */
export function SignInLink() {
  return (
    <Link to="/sign-in" className={buttonClasses({ variant: "secondary", size: "sm" })}>
      <LogIn aria-hidden="true" className={buttonIconClass("sm")} />
      Sign in
    </Link>
  );
}
