// Copying the join link where there is no clipboard API (plain http), and the QR code shown as an
// image that cannot run anything.
import { describe, expect, it, vi } from "vitest";
import { copyText } from "./copyText";
import { qrImageSource } from "./qrImage";

function input(value: string): HTMLInputElement {
  const el = document.createElement("input");
  el.value = value;
  document.body.append(el);
  return el;
}

describe("copyText", () => {
  it("uses the clipboard API when the context has one", async () => {
    const writeText = vi.fn(async () => {});
    const execCommand = vi.fn(() => true);
    expect(
      await copyText("http://x/#invite=1", null, { clipboard: { writeText } }, { execCommand }),
    ).toBe("copied");
    expect(writeText).toHaveBeenCalledWith("http://x/#invite=1");
    expect(execCommand).not.toHaveBeenCalled();
  });

  it("selects the link and copies the selection when there is no clipboard API", async () => {
    const el = input("http://x/#invite=1");
    const execCommand = vi.fn(() => true);
    expect(await copyText(el.value, el, {}, { execCommand })).toBe("copied");
    expect(execCommand).toHaveBeenCalledWith("copy");
    expect(document.activeElement).toBe(el);
    expect([el.selectionStart, el.selectionEnd]).toEqual([0, el.value.length]);
    el.remove();
  });

  it("falls back when the clipboard refuses, and leaves the text selected when copying fails", async () => {
    const el = input("http://x/#invite=1");
    const refused = {
      clipboard: { writeText: vi.fn(async () => Promise.reject(new Error("denied"))) },
    };
    expect(await copyText(el.value, el, refused, { execCommand: () => false })).toBe("selected");
    expect([el.selectionStart, el.selectionEnd]).toEqual([0, el.value.length]);
    expect(
      await copyText(
        el.value,
        el,
        {},
        {
          execCommand: () => {
            throw new Error("unsupported");
          },
        },
      ),
    ).toBe("selected");
    el.remove();
  });
});

describe("qrImageSource", () => {
  it("wraps the host's SVG in a data: URL for an <img>", () => {
    const svg =
      '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><path d="M0 0h1"/></svg>';
    const src = qrImageSource(svg);
    expect(src?.startsWith("data:image/svg+xml;charset=utf-8,")).toBe(true);
    expect(decodeURIComponent(src?.split(",")[1] ?? "")).toBe(svg);
  });

  it("shows nothing when the host sent no QR code", () => {
    expect(qrImageSource("")).toBeNull();
    expect(qrImageSource("<html>")).toBeNull();
  });
});
