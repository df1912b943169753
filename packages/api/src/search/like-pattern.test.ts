import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { containsPattern, escapeLike, prefixPattern } from "./like-pattern.js";

/** PostgreSQL's LIKE semantics with backslash escape, as a regular expression (the oracle). */
function likeToRegExp(pattern: string): RegExp {
  let source = "";
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === "\\") source += (pattern[++i] ?? "").replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    else if (c === "%") source += "[\\s\\S]*";
    else if (c === "_") source += "[\\s\\S]";
    else source += c.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
  }
  return new RegExp(`^${source}$`, "u");
}

describe("escapeLike", () => {
  it.each([
    ["100%", "100\\%"],
    ["a_b", "a\\_b"],
    ["back\\slash", "back\\\\slash"],
    ["plain", "plain"],
  ])("%j → %j", (term, escaped) => expect(escapeLike(term)).toBe(escaped));

  it("property: a contains/prefix pattern matches exactly the values that literally contain/start with the term", () => {
    const text = fc.string({ unit: fc.constantFrom("a", "b", "%", "_", "\\") });
    fc.assert(
      fc.property(text, text, (term, value) => {
        expect(likeToRegExp(containsPattern(term)).test(value)).toBe(value.includes(term));
        expect(likeToRegExp(prefixPattern(term)).test(value)).toBe(value.startsWith(term));
      }),
    );
  });
});

describe("every LIKE that can see a user's term escapes it", () => {
  it("Prisma contains/startsWith/endsWith take escapeLike(...) and raw LIKE patterns come from containsPattern/prefixPattern", async () => {
    const { readFileSync, readdirSync, statSync } = await import("node:fs");
    const { join, relative } = await import("node:path");
    const src = join(import.meta.dirname, "..");
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (name.endsWith(".ts") && !/\.(test|bench)\.ts$/.test(name) && !path.includes(`${join("src", "seed")}`)) {
          const text = readFileSync(path, "utf8");
          for (const m of text.matchAll(/\b(contains|startsWith|endsWith):\s*(?!escapeLike\()[^,}\s]+/g)) offenders.push(`${relative(src, path)}: ${m[0]}`);
          if (/\bI?LIKE \$\{/.test(text) && !/from "(\.\.\/)+search\/like-pattern\.js"/.test(text)) offenders.push(`${relative(src, path)}: raw LIKE without like-pattern`);
        }
      }
    };
    walk(src);
    expect(offenders).toEqual([]);
  });
});
