import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { clientForDomain, domainOfEmail, isEmail, normaliseEmail, prefixPattern } from "./customers.rules.js";

describe("customer rules", () => {
  it("normalises emails and finds their domain", () => {
    expect(normaliseEmail("  Dan.Reyes@ACME.example ")).toBe("dan.reyes@acme.example");
    expect(domainOfEmail("dan@acme.example")).toBe("acme.example");
    expect(domainOfEmail("no-at-sign")).toBeNull();
    expect(domainOfEmail("trailing@")).toBeNull();
    expect(isEmail("dan@acme.example")).toBe(true);
    expect(isEmail("dan acme@x.example")).toBe(false);
    expect(isEmail("dan@localhost")).toBe(false);
  });

  it("links to a client only when exactly one has the domain", () => {
    expect(clientForDomain([])).toBeNull();
    expect(clientForDomain(["a"])).toBe("a");
    expect(clientForDomain(["a", "b"])).toBeNull();
  });

  it("escapes LIKE wildcards so a prefix is only ever a prefix", () => {
    expect(prefixPattern("Ab")).toBe("ab%");
    expect(prefixPattern("50%_off\\")).toBe("50\\%\\_off\\\\%");
    fc.assert(
      fc.property(fc.string(), (s) => {
        // Unescaped, the pattern ends in exactly one live "%": strip escapes and the tail.
        const body = prefixPattern(s).slice(0, -1);
        expect(body.replace(/\\[\\%_]/g, "")).not.toMatch(/[%_\\]/);
      }),
    );
  });
});
