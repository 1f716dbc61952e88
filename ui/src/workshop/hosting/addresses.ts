// Which network address the facilitator may host on: the interfaces the host lists (loopback ones
// cannot be reached from the room) plus an address typed by hand ("Other address…"). Checked here
// only to explain mistakes in the facilitator's language; the host validates again.
import type { NetworkInterface } from "../../wire/NetworkInterface";

/** The value of the "Other address…" choice in the interface list. */
export const OTHER_ADDRESS = "other";

export type AddressProblem = "empty" | "invalid" | "thisComputer" | "anyAddress";
export type AddressCheck = { ok: true; address: string } | { ok: false; problem: AddressProblem };

const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;
const IPV6 = /^[0-9a-f:.]+$/i;

/** Checks an address typed by hand: one concrete IPv4 or IPv6 address of this computer. */
export function checkAddress(typed: string): AddressCheck {
  const address = typed.trim().replace(/^\[(.*)\]$/, "$1");
  if (!address) return { ok: false, problem: "empty" };
  const v4 = IPV4.test(address);
  const v6 = !v4 && address.includes(":") && IPV6.test(address) && address.split("::").length <= 2;
  if (!v4 && !v6) return { ok: false, problem: "invalid" };
  if (address === "127.0.0.1" || /^(0*:)*:?0*1$/.test(address)) {
    return { ok: false, problem: "thisComputer" };
  }
  if (address === "0.0.0.0" || /^[0:]+$/.test(address)) return { ok: false, problem: "anyAddress" };
  return { ok: true, address };
}

/** The choice to preselect: the address in use, else the first room network, else "other". */
export function defaultChoice(list: NetworkInterface[], current?: string): string {
  if (current) return list.some((i) => i.address === current) ? current : OTHER_ADDRESS;
  return list.find((i) => !i.loopback)?.address ?? OTHER_ADDRESS;
}

/** The address a choice stands for: an interface's, or the one typed by hand. */
export function chosenAddress(choice: string, typed: string): AddressCheck {
  return choice === OTHER_ADDRESS ? checkAddress(typed) : checkAddress(choice);
}
