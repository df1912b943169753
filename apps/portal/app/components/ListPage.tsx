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
  /** Column headings of the list, so the page already shows its shape. */
  columns: string[];
  /** Filters above the table. */
  toolbar?: ReactNode;
  empty: { icon: LucideIcon; title: string; text: ReactNode; action?: ReactNode };
}

/** A list page with no rows yet: header, filters, table headings and an empty state naming the next step. */
export function ListPage({ title, description, columns, toolbar, empty }: ListPageProps) {
  return (
    <Page>
      <PageHeader title={title} description={description} />
      <Card flush>
        {toolbar != null ? (
          <div className="flex flex-wrap items-end gap-3 border-b border-neutral-200 px-4 py-3">
            {toolbar}
          </div>
        ) : null}
        <Table caption={title}>
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
