import { redirect } from "@remix-run/node";

/** The admin area opens on its first section. */
export function loader() {
  return redirect("/admin/clinics");
}
