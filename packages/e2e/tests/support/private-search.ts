import type { Page } from "@playwright/test";
import { expect } from "./page-checks.js";

export interface SeenRequest {
  method: string;
  url: string;
  body: string;
}

/** Every request the page makes from now on (documents, data, assets, prefetches), with its body. */
export function recordRequests(page: Page): SeenRequest[] {
  const seen: SeenRequest[] = [];
  page.on("request", (request) =>
    seen.push({ method: request.method(), url: request.url(), body: request.postData() ?? "" }),
  );
  return seen;
}

/** Whether `text` carries `word`, as typed or URL-encoded (`%20`, `+`), in any case. */
function carries(text: string, word: string) {
  let decoded = text;
  try {
    decoded = decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    // Not encoded text: compare it as it is.
  }
  return [text, decoded].some((t) => t.toLowerCase().includes(word.toLowerCase()));
}

/**
 * A typed search term is PHI: neither the page's address nor the address of any request the
 * browser made (history, access logs, Referer) may carry it or any `q` parameter. It did reach
 * the server, in the body of a POST. Each word of the term is checked on its own.
 */
export function expectTermOnlyInPostBodies(page: Page, seen: SeenRequest[], term: string) {
  const words = term.split(/[\s,]+/).filter(Boolean);
  const addresses = [page.url(), ...seen.map((r) => r.url)];
  const leaks = addresses.filter(
    (url) => words.some((word) => carries(url, word)) || new URL(url).searchParams.has("q"),
  );
  expect(leaks, `addresses that carry "${term}"`).toEqual([]);
  expect(
    seen.some((r) => r.method === "POST" && words.every((word) => carries(r.body, word))),
    `a POST whose body carried "${term}"`,
  ).toBe(true);
}
