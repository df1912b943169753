import type { HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { cn } from "../cn.js";

/**
 * A plain, accessible data table. Compose: <Table caption><THead><Tr><Th/></Tr></THead><TBody>…</TBody></Table>.
 * `dense` tightens rows for the workspace.
 */
export interface TableProps extends HTMLAttributes<HTMLTableElement> {
  /** Names the table for screen readers; visually hidden unless showCaption. */
  caption: ReactNode;
  showCaption?: boolean;
  dense?: boolean;
}

export function Table({ caption, showCaption, dense, className, children, ...rest }: TableProps) {
  return (
    <div className="w-full overflow-x-auto">
      <table
        data-dense={dense ? "" : undefined}
        className={cn(
          "group/table w-full border-collapse text-left",
          dense ? "text-compact" : "text-sm",
          className,
        )}
        {...rest}
      >
        <caption
          className={cn(showCaption ? "px-4 py-2 text-left text-compact text-ink-600" : "sr-only")}
        >
          {caption}
        </caption>
        {children}
      </table>
    </div>
  );
}

export function THead({ className, ...rest }: HTMLAttributes<HTMLTableSectionElement>) {
  return <thead className={cn("border-b border-neutral-200 bg-neutral-50", className)} {...rest} />;
}

export function TBody({ className, ...rest }: HTMLAttributes<HTMLTableSectionElement>) {
  return <tbody className={cn("divide-y divide-neutral-200", className)} {...rest} />;
}

export function Tr({ className, ...rest }: HTMLAttributes<HTMLTableRowElement>) {
  return <tr className={cn("transition-colors", className)} {...rest} />;
}

export interface ThProps extends ThHTMLAttributes<HTMLTableCellElement> {
  align?: "left" | "right";
}

export function Th({ align = "left", className, scope = "col", ...rest }: ThProps) {
  return (
    <th
      scope={scope}
      className={cn(
        "px-4 py-2.5 text-xs font-semibold whitespace-nowrap text-ink-600 group-data-[dense]/table:px-3 group-data-[dense]/table:py-2",
        align === "right" && "text-right",
        className,
      )}
      {...rest}
    />
  );
}

export interface TdProps extends TdHTMLAttributes<HTMLTableCellElement> {
  align?: "left" | "right";
}

export function Td({ align = "left", className, ...rest }: TdProps) {
  return (
    <td
      className={cn(
        "px-4 py-3 text-ink-800 group-data-[dense]/table:px-3 group-data-[dense]/table:py-1.5",
        align === "right" && "tabular text-right",
        className,
      )}
      {...rest}
    />
  );
}

/** A full-width row for an empty table; put an EmptyState inside. */
export function TableEmpty({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tr>
      <td colSpan={colSpan} className="p-0">
        {children}
      </td>
    </tr>
  );
}
