/**
 * What a procedure tells the audit middleware about the object it touched. The middleware writes
 * exactly one row per mutation (success or failure) and one per audited read.
 */
export interface AuditSubject {
  /** Tenant whose log receives the row; omitted → the platform log. */
  tenantId?: string | null;
  objectType?: string;
  objectId?: string;
  patientId?: string;
  /** Non-PHI context: ids, counts, changed field names. */
  details?: Record<string, unknown>;
}

export class AuditNote {
  subject: AuditSubject = {};
  /** Set when a query read a patient's record (such reads are audited like mutations). */
  isRead = false;
  /** Overrides the action name (default: the procedure path). */
  action?: string;
  /** A procedure that completes but reports a failed attempt (e.g. a wrong password) says so here. */
  outcome?: "denied" | "failure";
  /** Actor for public procedures that establish one (sign-in). */
  actor?: { userId: string | null; label: string | null };
  /** The clinics a person's account event happened in, when no session says so yet (sign-in). */
  clinicIds?: string[];

  constructor(readonly path: string) {}

  /** Records what the mutation changed. */
  describe(subject: AuditSubject): void {
    this.subject = { ...this.subject, ...subject };
  }

  /** Marks a query as a read of a patient's record. */
  recordRead(subject: AuditSubject & { patientId: string }): void {
    this.isRead = true;
    this.describe(subject);
  }
}
