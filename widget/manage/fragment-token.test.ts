import { describe, expect, it } from "vitest";
import { tokenFromFragment } from "./fragment-token";

describe("the manage token in the page's fragment", () => {
  it("is the fragment without its #, percent-decoded when a mail client encoded it", () => {
    expect(tokenFromFragment("#bkm_abc-DEF_123")).toBe("bkm_abc-DEF_123");
    expect(tokenFromFragment("#bkm%5Fabc")).toBe("bkm_abc");
    expect(tokenFromFragment("#bkm_%E0%A4%A")).toBe("bkm_%E0%A4%A");
  });

  it("is missing when there is no fragment, or it holds anything but a manage token", () => {
    expect(tokenFromFragment("")).toBeNull();
    expect(tokenFromFragment("#")).toBeNull();
    expect(tokenFromFragment("#bk_test_hepuloujun")).toBeNull();
  });
});
