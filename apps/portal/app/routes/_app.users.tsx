import type { MetaFunction } from "@remix-run/node";
import { UserCog } from "lucide-react";
import { ListPage } from "../components/ListPage";

export const meta: MetaFunction = () => [{ title: "Users · Carefold Portal" }];

export default function Users() {
  return (
    <ListPage
      title="Users"
      description="People at your clinic who can use Carefold, and what each of them may do."
      columns={["Name", "Email", "Role", "Two-factor", "Last sign-in"]}
      empty={{
        icon: UserCog,
        title: "No users yet — invite your clinic admins and billing practitioners",
        text: (
          <>
            Clinic admins manage patients, billing and users; billing practitioners sign care plans
            and attest supervision. Each person signs in with their own account.
          </>
        ),
      }}
    />
  );
}
