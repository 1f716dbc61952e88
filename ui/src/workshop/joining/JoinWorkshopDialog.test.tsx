// "Join workshop" against a fake host: the searching state, workshops found nearby, a pasted link
// or an address with a code, and a refused link that opens nothing.
import { cleanup, fireEvent, render, screen } from "@testing-library/react";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { WorkshopApi } from "../../api/workshop";
import { initI18n } from "../../i18n";
import type { AnnouncedWorkshop } from "../../wire/AnnouncedWorkshop";
import { JoinWorkshopDialog } from "./JoinWorkshopDialog";

const api = new WorkshopApi({ base: "http://127.0.0.1:9", token: "launch" });

function announce(list: AnnouncedWorkshop[]): () => void {
  let release = () => {};
  const answered = new Promise<void>((r) => {
    release = r;
  });
  vi.stubGlobal(
    "fetch",
    vi.fn(async (url: string) => {
      expect(new URL(url).pathname).toBe("/api/network/workshops");
      await answered;
      return new Response(JSON.stringify(list), { status: 200 });
    }),
  );
  return release;
}

beforeEach(() => initI18n("zh-CN"));
afterEach(() => {
  cleanup();
  vi.unstubAllGlobals();
});

describe("JoinWorkshopDialog", () => {
  it("searches, lists the workshops found and opens the chosen one's code page", async () => {
    const release = announce([
      {
        name: "网店客户旅程",
        address: "192.168.1.20",
        port: 4820,
        code_url: "http://192.168.1.20:4820/#join",
      },
    ]);
    const go = vi.fn();
    render(<JoinWorkshopDialog api={api} onClose={() => {}} go={go} />);
    expect(screen.getByTestId("join-searching").textContent).toBe("正在搜索网络…");
    release();
    const item = await screen.findByTestId("join-nearby-item");
    expect(item.textContent).toContain("网店客户旅程");
    expect(item.textContent).toContain("192.168.1.20:4820");
    fireEvent.click(item);
    expect(go).toHaveBeenCalledWith("http://192.168.1.20:4820/#join");
  });

  it("opens a pasted link or an address with its code, and refuses anything else", async () => {
    announce([])();
    const go = vi.fn();
    render(<JoinWorkshopDialog api={api} onClose={() => {}} go={go} />);
    await screen.findByTestId("join-none");

    fireEvent.change(screen.getByTestId("join-link"), {
      target: { value: "https://example.com/login" },
    });
    fireEvent.click(screen.getByTestId("join-go"));
    expect(screen.getByTestId("join-problem").textContent).toContain("不是 Wayline 的加入链接");
    expect(go).not.toHaveBeenCalled();

    fireEvent.change(screen.getByTestId("join-link"), { target: { value: "192.168.1.20:4820" } });
    fireEvent.change(screen.getByTestId("join-code"), { target: { value: "abc-def" } });
    fireEvent.click(screen.getByTestId("join-go"));
    expect(go).toHaveBeenLastCalledWith("http://192.168.1.20:4820/#join=ABCDEF");

    const link = "http://192.168.1.20:4820/#invite=0123456789abcdef0123";
    fireEvent.change(screen.getByTestId("join-link"), { target: { value: link } });
    fireEvent.change(screen.getByTestId("join-code"), { target: { value: "" } });
    fireEvent.click(screen.getByTestId("join-go"));
    expect(go).toHaveBeenLastCalledWith(link);
  });
});
