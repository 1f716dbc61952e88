// Tests that a long card's clamp is measured only in the ResizeObserver's callback — after the
// browser's layout — when the card mounts and when its text changes at the same size, and never
// read at any other moment (a read outside that callback lays out the whole board first); and
// that a card is drawn again only when what it shows changes, not as it mounts or is measured.
import { act, cleanup, render, screen } from "@testing-library/react";
import { useCallback } from "react";
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

let renders = 0;

function Card({ text, editing = false }: { text: string; editing?: boolean }) {
  const [clamped, textRef] = useClamped(text);
  renders++;
  const measured = useCallback(
    (node: HTMLElement | null) => {
      if (node && !Object.hasOwn(node, "scrollHeight")) {
        Object.defineProperty(node, "scrollHeight", {
          get: () => {
            reads++;
            return textHeight;
          },
        });
        Object.defineProperty(node, "clientHeight", { get: () => 160 });
      }
      textRef(node);
    },
    [textRef],
  );
  return (
    <div>
      {editing ? <textarea defaultValue={text} /> : <p ref={measured}>{text}</p>}
      <span data-testid="clamped">{String(clamped && !editing)}</span>
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
  renders = 0;
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

  it("draws a card once when it mounts and again only if its clamp cuts the text", () => {
    textHeight = 120; // long, but the card is wide enough: nothing cut
    render(<Card text={long} />);
    layout();
    expect(reads).toBe(1);
    expect(renders).toBe(1);
    textHeight = 400;
    render(<Card text={long} />);
    layout();
    expect(renders).toBe(3); // the second card: its mount, then "cut"
  });

  it("measures the text again when it is shown again after editing", () => {
    const { rerender } = render(<Card text={long} />);
    layout();
    expect(screen.getByTestId("clamped").textContent).toBe("true");
    rerender(<Card text={long} editing />);
    expect(pending).toHaveLength(0);
    textHeight = 120; // edited elsewhere to fit: shown again, it is measured again
    rerender(<Card text={long} />);
    expect(pending).toHaveLength(1);
    layout();
    expect(screen.getByTestId("clamped").textContent).toBe("false");
  });

  it("is not cut once the text was shortened or emptied while it was out of the page", () => {
    for (const shorter of ["等待太久", ""]) {
      const { rerender, unmount } = render(<Card text={long} />);
      layout();
      expect(screen.getByTestId("clamped").textContent).toBe("true");
      rerender(<Card text={long} editing />);
      rerender(<Card text={shorter} editing />);
      rerender(<Card text={shorter} />);
      layout();
      expect(screen.getByTestId("clamped").textContent).toBe("false");
      unmount();
    }
  });

  it("leaves a short card unmeasured", () => {
    render(<Card text="等待太久" />);
    layout();
    expect(reads).toBe(0);
    expect(screen.getByTestId("clamped").textContent).toBe("false");
  });
});
