import type { ReactNode } from "react";

/** Content area of a workspace page: full width, compact spacing. */
export function Page({ children }: { children: ReactNode }) {
  return <div className="w-full px-6 pt-5 pb-10">{children}</div>;
}
