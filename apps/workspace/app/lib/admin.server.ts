import { data } from "@remix-run/node";
import { requireUser } from "./session.server";

/** For admin pages without procedures of their own yet: vendor admins only. */
export async function requireVendorAdmin(request: Request) {
  const session = await requireUser(request);
  if (!session.me.user.vendorRoles.includes("vendor_admin")) {
    throw data(
      { message: "The admin area is for vendor administrators." },
      { status: 403, headers: session.headers() },
    );
  }
  return session;
}
