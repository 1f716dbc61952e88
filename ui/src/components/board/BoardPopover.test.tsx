// BoardPopover: Escape and outside presses close it even when the parent re-renders with a new
// `onClose` in the middle of the event, a press on its own toggle button is not "outside", and the
// board's keys leave Escape to an open popover; a tap outside on a touch screen only closes it.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { useRef, useState } from "react";
import { flushSync } from "react-dom";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useBoardKeys } from "./BoardKeys";
import { BoardPopover } from "./BoardPopover";

afterEach(cleanup);

/** The popover registers its pointerdown listener after the opening click (a 0 ms timeout). */
const settle = () => act(() => new Promise<void>((r) => setTimeout(r, 0)));

let bump: (() => void) | null = null;

/** A stage-menu-like opener: a toggle button and a popover given a new `onClose` each render. */
function Menu({ onClosed }: { onClosed?: () => void }) {
  const [open, setOpen] = useState(true);
  const [, setTick] = useState(0);
  bump = () => setTick((n) => n + 1);
  const button = useRef<HTMLButtonElement>(null);
  return (
    <div>
      <button
        ref={button}
        type="button"
        data-testid="toggle"
        aria-expanded={open}
        onClick={() => setOpen((o) => !o)}
      >
        ⋯
      </button>
      <button type="button" data-testid="outside">
        elsewhere
      </button>
      {open && (
        <BoardPopover
          label="menu"
          testId="popover"
          toggle={button}
          onClose={() => {
            onClosed?.();
            setOpen(false);
          }}
        >
          <button type="button" data-testid="inner">
            inner
          </button>
        </BoardPopover>
      )}
    </div>
  );
}

/** An open menu, settled, and the button outside it with a spy on its clicks. */
async function openMenuBesideAButton() {
  const clicked = vi.fn();
  render(<Menu />);
  await settle();
  const outside = screen.getByTestId("outside");
  outside.addEventListener("click", clicked);
  return { outside, clicked };
}

describe("BoardPopover", () => {
  it("closes on Escape although an earlier keydown listener re-rendered it with a new onClose", async () => {
    // Like the board's own Escape handler: registered first, re-renders the parent synchronously.
    const early = () => flushSync(() => bump?.());
    window.addEventListener("keydown", early);
    try {
      const closed = vi.fn();
      render(<Menu onClosed={closed} />);
      await settle();
      expect(screen.getByTestId("popover")).toBeTruthy();
      act(() => {
        fireEvent.keyDown(screen.getByTestId("inner"), { key: "Escape" });
      });
      expect(screen.queryByTestId("popover")).toBeNull();
      expect(closed).toHaveBeenCalledTimes(1);
    } finally {
      window.removeEventListener("keydown", early);
    }
  });

  it("gives the focus back to its toggle when Escape closes it from inside", async () => {
    render(<Menu />);
    await settle();
    screen.getByTestId("inner").focus();
    act(() => {
      fireEvent.keyDown(screen.getByTestId("inner"), { key: "Escape" });
    });
    expect(screen.queryByTestId("popover")).toBeNull();
    expect(document.activeElement).toBe(screen.getByTestId("toggle"));
  });

  it("closes on a press outside, even after re-rendering with a new onClose", async () => {
    render(<Menu />);
    await settle();
    act(() => bump?.());
    fireEvent.pointerDown(screen.getByTestId("inner"));
    expect(screen.getByTestId("popover")).toBeTruthy();
    act(() => {
      fireEvent.pointerDown(screen.getByTestId("outside"));
    });
    expect(screen.queryByTestId("popover")).toBeNull();
  });

  it("on a touch screen, a tap outside closes it and clicks nothing; a mouse press clicks too", async () => {
    const { outside, clicked } = await openMenuBesideAButton();
    act(() => {
      fireEvent.pointerDown(outside, { pointerType: "touch" });
    });
    expect(screen.queryByTestId("popover")).toBeNull();
    fireEvent.click(outside);
    expect(clicked).not.toHaveBeenCalled();
    // Only that tap's click: the next one goes through.
    fireEvent.click(outside);
    expect(clicked).toHaveBeenCalledTimes(1);

    cleanup();
    const { outside: elsewhere, clicked: mouseClicked } = await openMenuBesideAButton();
    act(() => {
      fireEvent.pointerDown(elsewhere, { pointerType: "mouse" });
    });
    expect(screen.queryByTestId("popover")).toBeNull();
    fireEvent.click(elsewhere);
    expect(mouseClicked).toHaveBeenCalledTimes(1);
  });

  it("on a touch screen, a tap whose click never comes leaves later presses alone", async () => {
    const { outside, clicked } = await openMenuBesideAButton();
    act(() => {
      fireEvent.pointerDown(outside, { pointerType: "touch" });
    });
    // The finger moved (a swipe): no click. The next press and its click are the person's own.
    await settle();
    fireEvent.pointerDown(outside, { pointerType: "touch" });
    fireEvent.click(outside);
    expect(clicked).toHaveBeenCalledTimes(1);
  });

  it("lets its toggle button close it (the press on the toggle is not outside)", async () => {
    render(<Menu />);
    await settle();
    const toggle = screen.getByTestId("toggle");
    act(() => {
      fireEvent.pointerDown(toggle);
    });
    expect(screen.getByTestId("popover")).toBeTruthy();
    act(() => {
      fireEvent.click(toggle);
    });
    expect(screen.queryByTestId("popover")).toBeNull();
    expect(toggle.getAttribute("aria-expanded")).toBe("false");
    // and opens it again
    act(() => {
      fireEvent.click(toggle);
    });
    expect(screen.getByTestId("popover")).toBeTruthy();
  });
});

function KeyedBoard({ onEscape, onDelete }: { onEscape: () => void; onDelete: () => boolean }) {
  const root = useRef<HTMLElement>(null);
  useBoardKeys(root, {
    stageIds: () => [],
    laneIds: () => [],
    onSearch: () => {},
    onEscape,
    onDelete,
    onEnterCell: () => {},
    onMoveCard: () => false,
    onPaneJump: () => false,
    onHelp: () => {},
  });
  return (
    <section ref={root}>
      <Menu />
    </section>
  );
}

describe("board keys with a popover open", () => {
  it("leave Escape to the popover, then clear the selection on the next Escape", async () => {
    const onEscape = vi.fn();
    render(<KeyedBoard onEscape={onEscape} onDelete={() => false} />);
    await settle();
    const toggle = screen.getByTestId("toggle");
    toggle.focus();
    act(() => {
      fireEvent.keyDown(toggle, { key: "Escape" });
    });
    expect(screen.queryByTestId("popover")).toBeNull();
    expect(onEscape).not.toHaveBeenCalled();
    act(() => {
      fireEvent.keyDown(toggle, { key: "Escape" });
    });
    expect(onEscape).toHaveBeenCalledTimes(1);
  });

  it("do not delete the selection for keys pressed inside a popover", async () => {
    const onDelete = vi.fn(() => true);
    render(<KeyedBoard onEscape={() => {}} onDelete={onDelete} />);
    await settle();
    const inner = screen.getByTestId("inner");
    inner.focus();
    act(() => {
      fireEvent.keyDown(inner, { key: "Delete" });
    });
    expect(onDelete).not.toHaveBeenCalled();
    expect(screen.getByTestId("popover")).toBeTruthy();
  });
});
