import { Form } from "@remix-run/react";
import { Search } from "lucide-react";
import { SelectField, TextField } from "@carefold/ui";

export interface ListFiltersProps {
  searchLabel: string;
  searchPlaceholder: string;
  filters?: { name: string; label: string; options: string[] }[];
}

/**
 * Search and filters for a list. The form posts: a typed term is PHI (a patient's name or phone
 * number) and must never stand in the address, so the route's action answers the search.
 */
export function ListFilters({ searchLabel, searchPlaceholder, filters = [] }: ListFiltersProps) {
  return (
    <Form method="post" role="search" className="flex w-full flex-wrap items-center gap-3">
      <TextField
        name="q"
        type="search"
        label={searchLabel}
        hideLabel
        placeholder={searchPlaceholder}
        icon={Search}
        size="sm"
        className="w-72"
      />
      {filters.map((filter) => (
        <SelectField
          key={filter.name}
          name={filter.name}
          label={filter.label}
          inlineLabel
          size="sm"
        >
          {filter.options.map((option) => (
            <option key={option}>{option}</option>
          ))}
        </SelectField>
      ))}
    </Form>
  );
}
