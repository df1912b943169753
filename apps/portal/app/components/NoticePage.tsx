import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Card, EmptyState, PageHeader } from "@carefold/ui";
import { Page } from "./Page";

export interface NoticePageProps {
  title: string;
  description: string;
  /** Content above the empty state (e.g. stage counters). */
  before?: ReactNode;
  empty: { icon: LucideIcon; title: string; text: ReactNode; action?: ReactNode };
}

/** A page whose main content is not a table yet: header, optional summary, and an empty state. */
export function NoticePage({ title, description, before, empty }: NoticePageProps) {
  return (
    <Page>
      <PageHeader title={title} description={description} />
      {before}
      <Card>
        <EmptyState icon={empty.icon} title={empty.title} action={empty.action}>
          {empty.text}
        </EmptyState>
      </Card>
    </Page>
  );
}
