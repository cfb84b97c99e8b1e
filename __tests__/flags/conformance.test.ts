import { formatFlagFileProblem, validateFlagFile } from "../../modules/flags/flag-file-validation";
import { type ConformanceCase, FLIPT_ACCEPTS, FLIPT_REFUSES } from "./conformance/cases";
import { MILMOVE_STRICTER } from "./conformance/stricter";

/** The checker's problems for a case, checked as demo's file. */
function check(c: ConformanceCase) {
  return validateFlagFile(c.content, {
    file: `flags/demo/${c.file ?? "features.yml"}`,
    environment: "demo",
  });
}

describe("flag checker conformance with Flipt v1.61.1", () => {
  it.each(FLIPT_ACCEPTS.map((c) => [c.name, c] as const))(
    "accepts what Flipt loads: %s",
    (_, c) => {
      expect(check(c).map(formatFlagFileProblem)).toEqual([]);
    },
  );

  it.each(FLIPT_REFUSES.map((c) => [c.name, c] as const))(
    "refuses what Flipt refuses: %s",
    (_, c) => {
      const problems = check(c);
      expect(problems.length).toBeGreaterThan(0);
      if (c.path !== undefined) expect(problems.map((p) => p.path)).toContain(c.path);
    },
  );

  it.each(MILMOVE_STRICTER.map((c) => [c.name, c] as const))(
    "refuses, stricter than Flipt on purpose: %s",
    (_, c) => {
      const problems = check(c);
      expect(problems.length).toBeGreaterThan(0);
      if (c.path !== undefined) expect(problems.map((p) => p.path)).toContain(c.path);
    },
  );

  it("keeps every case distinct", () => {
    const all = [...FLIPT_ACCEPTS, ...FLIPT_REFUSES, ...MILMOVE_STRICTER];
    expect(new Set(all.map((c) => c.name)).size).toBe(all.length);
    expect(new Set(all.map((c) => `${c.file ?? ""}\n${c.content}`)).size).toBe(all.length);
  });
});
