import { Form, useNavigation } from "@remix-run/react";
import { Button, Notice } from "@carefold/ui";
import { roleLabel } from "../lib/labels";

export interface PendingInvitation {
  tenantId: string;
  clinicName: string;
  role: string;
}

/**
 * The sign-in prompt for clinic invitations: a clinic that invited this person gets them as a
 * member only after they accept here (issue 17: no clinic can add an existing account on its own).
 */
export function PendingInvitations({ invitations }: { invitations: PendingInvitation[] }) {
  const navigation = useNavigation();
  const busy = navigation.state !== "idle" && navigation.formAction === "/account/invitations";
  if (invitations.length === 0) return null;
  return (
    // The same column as the page below it (Page: max-w-6xl px-8), so the prompt lines up with it.
    <div className="mx-auto w-full max-w-6xl space-y-3 px-8 pt-8" data-testid="pending-invitations">
      {invitations.map((invitation) => (
        <Notice key={invitation.tenantId} tone="info" title={`${invitation.clinicName} invited you`}>
          <div className="flex flex-wrap items-center justify-between gap-3">
            <p>
              They asked you to join as {roleLabel(invitation.role)}. Nothing is shared with them
              until you accept.
            </p>
            <Form method="post" action="/account/invitations" className="flex gap-2">
              <input type="hidden" name="tenantId" value={invitation.tenantId} />
              <Button type="submit" name="intent" value="decline" variant="secondary" size="sm" disabled={busy}>
                Decline
              </Button>
              <Button type="submit" name="intent" value="accept" size="sm" disabled={busy}>
                Accept invitation
              </Button>
            </Form>
          </div>
        </Notice>
      ))}
    </div>
  );
}
