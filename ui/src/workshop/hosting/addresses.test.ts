// Pins which addresses the facilitator may host on and which choice the panel preselects.
import { describe, expect, it } from "vitest";
import type { NetworkInterface } from "../../wire/NetworkInterface";
import { checkAddress, chosenAddress, defaultChoice, OTHER_ADDRESS } from "./addresses";

const list: NetworkInterface[] = [
  { name: "wlan0", address: "192.168.1.20", loopback: false },
  { name: "eth0", address: "10.0.0.5", loopback: false },
  { name: "lo", address: "127.0.0.1", loopback: true },
];

describe("checkAddress", () => {
  it("accepts concrete IPv4 and IPv6 addresses, other loopback ones included (tests use 127.0.0.2)", () => {
    expect(checkAddress(" 192.168.1.20 ")).toEqual({ ok: true, address: "192.168.1.20" });
    expect(checkAddress("127.0.0.2")).toEqual({ ok: true, address: "127.0.0.2" });
    expect(checkAddress("[fd00::20]")).toEqual({ ok: true, address: "fd00::20" });
  });

  it("refuses this computer only, any address, names and nonsense, saying why", () => {
    expect(checkAddress("127.0.0.1")).toEqual({ ok: false, problem: "thisComputer" });
    expect(checkAddress("::1")).toEqual({ ok: false, problem: "thisComputer" });
    expect(checkAddress("0:0:0:0:0:0:0:1")).toEqual({ ok: false, problem: "thisComputer" });
    expect(checkAddress("0.0.0.0")).toEqual({ ok: false, problem: "anyAddress" });
    expect(checkAddress("::")).toEqual({ ok: false, problem: "anyAddress" });
    expect(checkAddress("")).toEqual({ ok: false, problem: "empty" });
    expect(checkAddress("192.168.1")).toEqual({ ok: false, problem: "invalid" });
    expect(checkAddress("192.168.1.256")).toEqual({ ok: false, problem: "invalid" });
    expect(checkAddress("wayline.local")).toEqual({ ok: false, problem: "invalid" });
    expect(checkAddress("1::2::3")).toEqual({ ok: false, problem: "invalid" });
  });
});

describe("defaultChoice", () => {
  it("preselects the first room network, never loopback", () => {
    expect(defaultChoice(list)).toBe("192.168.1.20");
    expect(defaultChoice([list[2] as NetworkInterface])).toBe(OTHER_ADDRESS);
    expect(defaultChoice([])).toBe(OTHER_ADDRESS);
  });

  it("keeps the address in use, or offers it as typed when it is not an interface", () => {
    expect(defaultChoice(list, "10.0.0.5")).toBe("10.0.0.5");
    expect(defaultChoice(list, "127.0.0.2")).toBe(OTHER_ADDRESS);
  });

  it("reads the typed address only for the Other choice", () => {
    expect(chosenAddress(OTHER_ADDRESS, "127.0.0.2")).toEqual({ ok: true, address: "127.0.0.2" });
    expect(chosenAddress("10.0.0.5", "garbage")).toEqual({ ok: true, address: "10.0.0.5" });
  });
});
