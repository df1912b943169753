import { Form, Link } from "@remix-run/react";
import { Search, X } from "lucide-react";
import type { ReactNode } from "react";
import { SelectField, TextField, buttonClasses, buttonIconClass } from "@carefold/ui";
import type { usePrivateSearch } from "../lib/private-search";

export interface SearchToolbarProps {
  /** The form's id (page buttons of a searched list submit it). */
  id: string;
  /** What `usePrivateSearch` returned for this page. */
  search: ReturnType<typeof usePrivateSearch>;
  /** The form's accessible name, e.g. "Filter patients". */
  label: string;
  searchLabel: string;
  placeholder: string;
  /** Where "Clear filters" goes; shown only when something is filtered. */
  clearTo: string;
  isFiltered: boolean;
  /** The list's filters (`FilterSelect`s); a change applies them at once. */
  children: ReactNode;
}

/**
 * A list's search box and filters above its table. The term is posted (never in the address, see
 * lib/private-search); choosing a filter applies it at once; Enter searches.
 */
export function SearchToolbar({
  id,
  search,
  label,
  searchLabel,
  placeholder,
  clearTo,
  isFiltered,
  children,
}: SearchToolbarProps) {
  return (
    <Form
      id={id}
      method="post"
      action={search.formAction}
      role="search"
      aria-label={label}
      className="flex flex-wrap items-center gap-3 border-b border-neutral-200 px-3 py-2.5"
      onSubmit={search.onSubmit}
      onChange={(event) => {
        if ((event.target as HTMLElement).tagName === "SELECT") search.apply(event.currentTarget);
      }}
    >
      <TextField
        name="q"
        type="search"
        label={searchLabel}
        hideLabel
        placeholder={placeholder}
        defaultValue={search.term}
        icon={Search}
        size="sm"
        className="w-72"
        key={`q-${search.term}`}
      />
      {children}
      <button type="submit" className="sr-only">
        Search
      </button>
      {isFiltered ? (
        <Link
          to={clearTo}
          className={buttonClasses({ variant: "ghost", size: "sm", className: "ml-auto" })}
        >
          <X aria-hidden="true" className={buttonIconClass("sm")} />
          Clear filters
        </Link>
      ) : null}
    </Form>
  );
}

/** One filter of a SearchToolbar: a labelled select whose options are value → label. */
export function FilterSelect({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string;
  options: readonly (readonly [value: string, label: string])[];
}) {
  return (
    <SelectField
      name={name}
      label={label}
      inlineLabel
      size="sm"
      defaultValue={value}
      key={`${name}-${value}`}
    >
      {options.map(([optionValue, optionLabel]) => (
        <option key={optionValue} value={optionValue}>
          {optionLabel}
        </option>
      ))}
    </SelectField>
  );
}
