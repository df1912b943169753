import type { LucideIcon } from "lucide-react";
import type { ReactNode } from "react";
import {
  Card,
  EmptyState,
  PageHeader,
  Table,
  TableEmpty,
  TBody,
  Th,
  THead,
  Tr,
} from "@carefold/ui";
import { Page } from "./Page";

export interface ListPageProps {
  title: string;
  description: string;
  eyebrow?: string;
  columns: string[];
  toolbar?: ReactNode;
  empty: { icon: LucideIcon; title: string; text: ReactNode; action?: ReactNode };
}

/** A dense list page with no rows yet: header, filters, column headings, and the next step. */
export function ListPage({ title, description, eyebrow, columns, toolbar, empty }: ListPageProps) {
  return (
    <Page>
      <PageHeader compact title={title} description={description} eyebrow={eyebrow} />
      <Card flush>
        {toolbar != null ? (
          <div className="flex flex-wrap items-center gap-3 border-b border-neutral-200 px-3 py-2.5">
            {toolbar}
          </div>
        ) : null}
        <Table caption={title} dense>
          <THead>
            <Tr>
              {columns.map((column) => (
                <Th key={column}>{column}</Th>
              ))}
            </Tr>
          </THead>
          <TBody>
            <TableEmpty colSpan={columns.length}>
              <EmptyState icon={empty.icon} title={empty.title} action={empty.action}>
                {empty.text}
              </EmptyState>
            </TableEmpty>
          </TBody>
        </Table>
      </Card>
    </Page>
  );
}
