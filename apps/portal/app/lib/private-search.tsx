// Search without PHI in the address (same file in both apps). A typed search term is PHI (patient
// names, MRNs, MBIs): in an address it would land in browser history, access logs and Referer
// headers. So a search form posts its term to the route's action, which answers with the results,
// while filters and the page that are not PHI (statuses, ids, page numbers) stay in the address.
// Without JavaScript the same form posts as a plain HTML form and the action's answer is the page.
import type { ShouldRevalidateFunction } from "@remix-run/react";
import {
  useLocation,
  useNavigate,
  useNavigation,
  useRouteLoaderData,
  useSubmit,
} from "@remix-run/react";
import type { FormEvent } from "react";
import { useEffect } from "react";
import { cn, type PaginationLinkProps } from "@carefold/ui";

/** The name of the search box in every search form. */
export const SEARCH_TERM_FIELD = "q";

/** What a search action answers: at least the term it searched for. */
export interface SearchAnswer {
  filters: { q: string };
}

// This tab's answers by history entry, in memory only (gone on reload or when the tab closes), so
// Back to a searched list shows that search again rather than the whole list. They belong to one
// person in one clinic: when someone else signs in in this tab (or the portal's clinic changes),
// they are forgotten before anything could show them. Effects only: the server keeps nothing.
const REMEMBERED = 40;
const answers = new Map<string, SearchAnswer>();
let owner = "";
function ownBy(who: string) {
  if (owner === who) return;
  answers.clear();
  owner = who;
}
const rememberedFor = (who: string, key: string) => (owner === who ? answers.get(key) : undefined);
function remember(who: string, key: string, answer: SearchAnswer) {
  ownBy(who);
  answers.delete(key);
  answers.set(key, answer);
  for (const oldest of answers.keys()) {
    if (answers.size <= REMEMBERED) break;
    answers.delete(oldest);
  }
}

/**
 * A search's answer already is the list: the page's loader (the list without the term) is not run
 * again beside it. Every other submission revalidates as usual.
 */
export const skipRevalidationAfterSearch: ShouldRevalidateFunction = ({
  formData,
  actionResult,
  defaultShouldRevalidate,
}) => (formData?.get(SEARCH_TERM_FIELD) && actionResult ? false : defaultShouldRevalidate);

export interface PrivateSearchOptions<A extends SearchAnswer> {
  /** The action's answer (`useActionData`), when this page shows a posted search. */
  answer: A | undefined;
  /** Form fields that may stand in the address (never the term); empty ones are left out. */
  addressFields: readonly string[];
  /** Hidden fields every search post carries (e.g. the action's `intent`). */
  hidden?: Record<string, string>;
}

/**
 * A list page's search: `shown` is the answer to show (this navigation's, or the remembered one
 * when coming Back), `onSubmit` goes on the search form, `refresh` runs the shown search again.
 * With a term the form posts (term in the body, filters in the action's address); without one it
 * is an ordinary GET with the filters in the address.
 */
export function usePrivateSearch<A extends SearchAnswer>({
  answer,
  addressFields,
  hidden = {},
}: PrivateSearchOptions<A>) {
  const location = useLocation();
  const navigation = useNavigation();
  const submit = useSubmit();
  const navigate = useNavigate();
  const shell = useRouteLoaderData("routes/_app") as
    { user?: { email?: string }; clinic?: { id?: string } | null } | undefined;
  const who = `${shell?.user?.email ?? ""}|${shell?.clinic?.id ?? ""}`;
  const remembered = rememberedFor(who, location.key) as A | undefined;
  const shown = answer ?? remembered;

  const addressOf = (fields: FormData | URLSearchParams) => {
    const params = new URLSearchParams();
    for (const name of addressFields) {
      const value = fields.get(name);
      if (typeof value === "string" && value) params.set(name, value);
    }
    const query = params.toString();
    return query ? `${location.pathname}?${query}` : location.pathname;
  };

  const send = (fields: FormData, replace = false) => {
    const term = String(fields.get(SEARCH_TERM_FIELD) ?? "").trim();
    const to = addressOf(fields);
    if (!term) {
      navigate(to, { replace, preventScrollReset: replace });
      return;
    }
    fields.set(SEARCH_TERM_FIELD, term);
    for (const [name, value] of Object.entries(hidden)) fields.set(name, value);
    submit(fields, { method: "post", action: to, replace, preventScrollReset: replace });
  };

  /** The same search again, on the same page of results (after Back, or after a change). */
  const refresh = () => {
    if (!shown?.filters.q) return;
    const fields = new FormData();
    for (const [name, value] of new URLSearchParams(location.search)) fields.set(name, value);
    fields.set(SEARCH_TERM_FIELD, shown.filters.q);
    send(fields, true);
  };

  useEffect(() => ownBy(who), [who]);
  useEffect(() => {
    if (answer) remember(who, location.key, answer);
  }, [answer, who, location.key]);

  // Back (or Forward) to a searched list: show what it showed at once, then bring it up to date.
  // Only on arriving at another history entry, hence the one dependency.
  useEffect(() => {
    if (!answer && remembered) refresh();
  }, [location.key]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    send(new FormData(event.currentTarget, submitter));
  };

  /** Applies the form at once (for filters that act on change). */
  const apply = (form: HTMLFormElement) => send(new FormData(form));

  const busy = navigation.state !== "idle" && navigation.location.pathname === location.pathname;

  return {
    shown,
    term: shown?.filters.q ?? "",
    /** The form's action for browsers without JavaScript: the current filters, first page. */
    formAction: addressOf(withoutPage(location.search)),
    onSubmit,
    apply,
    refresh,
    busy,
  };
}

function withoutPage(search: string) {
  const params = new URLSearchParams(search);
  params.delete("page");
  return params;
}

/**
 * Pagination for a searched list: each page is a submit button of the search form, so the term
 * goes along in the POST body; the page number (not PHI) is in the button's value and address.
 */
export function searchPageButtons(formId: string) {
  return function SearchPageButton({
    href,
    children,
    className,
    rel: _rel,
    ...rest
  }: PaginationLinkProps) {
    const page = new URL(href, "http://localhost").searchParams.get("page") ?? "1";
    return (
      <button
        type="submit"
        form={formId}
        name="page"
        value={page}
        formAction={href}
        className={cn(className, "cursor-pointer")}
        {...rest}
      >
        {children}
      </button>
    );
  };
}
