// Pins what "Join workshop" may open: Wayline join links and code pages on http(s) only, with the
// invitation kept in the fragment; everything else is refused with a reason.
import { describe, expect, it } from "vitest";
import { joinTarget } from "./joinTarget";

const ok = (url: string) => ({ ok: true, url });
const no = (problem: string) => ({ ok: false, problem });

describe("joinTarget", () => {
  it("opens a pasted join link as the host made it", () => {
    expect(joinTarget(" http://192.168.1.20:4820/#invite=0a1b2c3d4e5f60718293 ")).toEqual(
      ok("http://192.168.1.20:4820/#invite=0a1b2c3d4e5f60718293"),
    );
    expect(joinTarget("https://wayline.local:4820#invite=ffffffffffffffff")).toEqual(
      ok("https://wayline.local:4820/#invite=ffffffffffffffff"),
    );
  });

  it("opens a code page, with the typed code when there is one", () => {
    expect(joinTarget("http://127.0.0.2:4820/#join")).toEqual(ok("http://127.0.0.2:4820/#join"));
    expect(joinTarget("192.168.1.20:4820", "abc-def")).toEqual(
      ok("http://192.168.1.20:4820/#join=ABCDEF"),
    );
    expect(joinTarget("http://192.168.1.20:4820/", "")).toEqual(
      ok("http://192.168.1.20:4820/#join"),
    );
  });

  it("refuses other schemes, credentials, paths, queries and foreign fragments", () => {
    for (const bad of [
      "javascript:alert(1)//#join",
      "file:///etc/passwd#join",
      "ftp://192.168.1.20:4820/#join",
      "http://user:pw@192.168.1.20:4820/#invite=aaaaaaaaaaaaaaaa",
      "http://192.168.1.20:4820/api/join#join",
      "http://192.168.1.20:4820/?next=evil#join",
      "http://192.168.1.20:4820/#invite=",
      "http://192.168.1.20:4820/#invite=a b",
      "http://192.168.1.20:4820/#invite=short",
      "http://192.168.1.20:4820/#settings",
      "not an address at all",
    ]) {
      expect(joinTarget(bad), bad).toEqual(no("notLink"));
    }
  });

  it("asks for the port of a bare address, for a well-formed code, and for something at all", () => {
    expect(joinTarget("192.168.1.20")).toEqual(no("noPort"));
    expect(joinTarget("192.168.1.20:4820", "ABC-DE0")).toEqual(no("badCode"));
    expect(joinTarget("   ")).toEqual(no("empty"));
  });

  it("takes a code typed with a Chinese input method (full-width) like the join page does", () => {
    expect(joinTarget("192.168.1.20:4820", "ａｂｃ－ｄｅｆ")).toEqual(
      ok("http://192.168.1.20:4820/#join=ABCDEF"),
    );
  });
});
