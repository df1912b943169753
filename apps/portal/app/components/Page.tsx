import type { ReactNode } from "react";

/** Content column of a portal page: calm, generous spacing, readable width. */
export function Page({ children }: { children: ReactNode }) {
  return <div className="mx-auto w-full max-w-6xl px-8 pt-8 pb-16">{children}</div>;
}
