// Tests that a long card's clamp is measured only in the ResizeObserver's callback — after the
// browser's layout — when the card mounts and when its text changes at the same size, and never
// read at any other moment (a read outside that callback lays out the whole board first).
import { act, cleanup, render, screen } from "@testing-library/react";
import { useState } from "react";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { useClamped } from "./cardClamp";

/** Elements observed since the last "layout", as a browser reports them once per frame. */
let pending: Element[] = [];
let callback: ResizeObserverCallback | null = null;

class FakeResizeObserver {
  constructor(cb: ResizeObserverCallback) {
    callback = cb;
  }
  observe(el: Element) {
    pending.push(el);
  }
  unobserve(el: Element) {
    pending = pending.filter((e) => e !== el);
  }
  disconnect() {
    pending = [];
  }
}

/** The browser's layout: the observer's callback with every element observed since. */
function layout() {
  const entries = pending.map((target) => ({ target }) as unknown as ResizeObserverEntry);
  pending = [];
  act(() => callback?.(entries, {} as ResizeObserver));
}

let reads = 0;
let textHeight = 400;

function Card({ text }: { text: string }) {
  const [el, setEl] = useState<HTMLElement | null>(null);
  const clamped = useClamped(el, text);
  return (
    <div>
      <p
        ref={(node) => {
          if (!node || node === el) return;
          Object.defineProperty(node, "scrollHeight", {
            get: () => {
              reads++;
              return textHeight;
            },
          });
          Object.defineProperty(node, "clientHeight", { get: () => 160 });
          setEl(node);
        }}
      >
        {text}
      </p>
      <span data-testid="clamped">{String(clamped)}</span>
    </div>
  );
}

const realRO = globalThis.ResizeObserver;
beforeAll(() => {
  globalThis.ResizeObserver = FakeResizeObserver as unknown as typeof ResizeObserver;
});
afterAll(() => {
  globalThis.ResizeObserver = realRO;
});
afterEach(() => {
  cleanup();
  pending = [];
  reads = 0;
  textHeight = 400;
  vi.restoreAllMocks();
});

const long = "客户在结账时被要求先注册账号，等待验证码太久，于是放弃了购买。".repeat(4);

describe("useClamped", () => {
  it("measures a long card after layout, without a frame callback of its own", () => {
    const frames = vi.spyOn(globalThis, "requestAnimationFrame");
    render(<Card text={long} />);
    expect(reads).toBe(0);
    expect(pending).toHaveLength(1);
    layout();
    expect(reads).toBe(1);
    expect(screen.getByTestId("clamped").textContent).toBe("true");
    expect(frames).not.toHaveBeenCalled();
  });

  it("measures again after the next layout when the text changes at the same size", () => {
    const { rerender } = render(<Card text={long} />);
    layout();
    textHeight = 120;
    rerender(<Card text={`${long.slice(0, 60)}`} />);
    expect(reads).toBe(1);
    layout();
    expect(reads).toBe(2);
    expect(screen.getByTestId("clamped").textContent).toBe("false");
  });

  it("leaves a short card unmeasured", () => {
    render(<Card text="等待太久" />);
    layout();
    expect(reads).toBe(0);
    expect(screen.getByTestId("clamped").textContent).toBe("false");
  });
});
