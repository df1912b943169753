import type { ReactNode } from "react";
import { AuthLayout } from "@carefold/ui";
import { AUTH_COPY, PRODUCT } from "../lib/app";

/** The sign-in family of pages (sign-in, two-step, reset, invitation) in this app's words. */
export function AuthPage({
  title,
  description,
  children,
  footer,
  size,
}: {
  title: string;
  description?: ReactNode;
  children: ReactNode;
  footer?: ReactNode;
  size?: "sm" | "md";
}) {
  return (
    <AuthLayout
      product={PRODUCT}
      tagline={AUTH_COPY.tagline}
      highlights={[...AUTH_COPY.highlights]}
      title={title}
      description={description}
      size={size}
      footer={footer ?? <p>This system contains protected health information. Access is logged.</p>}
    >
      {children}
    </AuthLayout>
  );
}
