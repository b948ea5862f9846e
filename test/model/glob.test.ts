import { describe, expect, it } from "vitest";
import { literalPrefix, matchGlob } from "../../src/model/glob.js";

describe("matchGlob", () => {
  it.each([
    ["requests/gcp/prod/**", "requests/gcp/prod/alice.yaml", true],
    ["requests/gcp/prod/**", "requests/gcp/prod/a/b/c.yaml", true],
    ["requests/gcp/prod/**", "requests/gcp/prod", false],
    ["requests/**/alice.yaml", "requests/alice.yaml", true],
    ["requests/**/alice.yaml", "requests/a/b/alice.yaml", true],
    ["**/alice.yaml", "requests/a/alice.yaml", true],
    ["requests/*.yaml", "requests/a/b.yaml", false],
    ["requests/a?.yaml", "requests/ab.yaml", true],
    ["requests/a?.yaml", "requests/a/.yaml", false],
    ["projects/payments-*", "projects/payments-prod", true],
    ["projects/*-prod", "projects/payments-prod", true],
    ["projects/pay**", "projects/payments", true],
    ["projects/pay**", "projects/pay/ments", false],
    ["projects/a*b*c", "projects/aXbYbZc", true],
    ["projects/a*b*c", "projects/aXbYbZ", false],
    ["/subscriptions/s/resourceGroups/*", "/subscriptions/s/resourceGroups/payments", true],
    ["/subscriptions/s/resourceGroups/payments/**", "/subscriptions/s/resourceGroups/payments/providers/x/y/z", true],
  ])("%s against %s is %s", (glob, value, expected) => {
    expect(matchGlob(glob, value)).toBe(expected);
  });

  it.each([
    ["/subscriptions/s/resourceGroups/*", "/subscriptions/s/resourceGroups/.."],
    ["/subscriptions/s/resourceGroups/*", "/subscriptions/s/resourceGroups/."],
    ["/subscriptions/s/resourceGroups/?", "/subscriptions/s/resourceGroups/."],
    ["/subscriptions/s/resourceGroups/??", "/subscriptions/s/resourceGroups/.."],
    ["/subscriptions/s/resourceGroups/payments/**", "/subscriptions/s/resourceGroups/payments/providers/../../.."],
    ["/subscriptions/s/resourceGroups/payments/**", "/subscriptions/s/resourceGroups/payments/providers/../../../resourceGroups/secrets"],
    ["/subscriptions/s/resourceGroups/payments/**", "/subscriptions/s/resourceGroups/payments//x"],
    ["/subscriptions/s/resourceGroups/payments/**", "/subscriptions/s/resourceGroups/payments/"],
    ["/subscriptions/s/**", "/subscriptions/s/resourceGroups/./x"],
    ["requests/**", "requests/../access-policies/gcp.yaml"],
  ])("never lets a wildcard stand for an empty or dot segment: %s against %s", (glob, value) => {
    expect(matchGlob(glob, value)).toBe(false);
  });

  it("matches long adversarial inputs quickly", () => {
    const glob = `${"*a".repeat(40)}b/${"**/".repeat(20)}x`;
    const value = `${"a".repeat(2000)}/${"seg/".repeat(200)}y`;
    const started = performance.now();
    expect(matchGlob(glob, value)).toBe(false);
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it("names the literal part before the first wildcard", () => {
    expect(literalPrefix("/subscriptions/s/resourceGroups/pay*/x")).toBe("/subscriptions/s/resourceGroups");
    expect(literalPrefix("projects/payments-prod")).toBe("projects/payments-prod");
  });
});
