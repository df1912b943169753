import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import { Card, EmptyState, PageHeader } from "@carefold/ui";
import { Page } from "./Page";

export interface NoticePageProps {
  title: string;
  description: string;
  eyebrow?: string;
  before?: ReactNode;
  empty: { icon: LucideIcon; title: string; text: ReactNode; action?: ReactNode };
}

/** A dense page whose content is not a table yet: header, optional summary, empty state. */
export function NoticePage({ title, description, eyebrow, before, empty }: NoticePageProps) {
  return (
    <Page>
      <PageHeader compact title={title} description={description} eyebrow={eyebrow} />
      {before}
      <Card>
        <EmptyState icon={empty.icon} title={empty.title} action={empty.action}>
          {empty.text}
        </EmptyState>
      </Card>
    </Page>
  );
}
