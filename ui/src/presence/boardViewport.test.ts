// The viewport presence publishes and the scroll that shows it in another window: the same
// centre of the board at the same zoom, whatever each window's size.
import { describe, expect, it } from "vitest";
import { scrollFor, viewportOf } from "./boardViewport";

describe("board viewport", () => {
  it("puts the leader's centre at the follower's centre", () => {
    const leader = { scrollLeft: 900, scrollTop: 300, clientWidth: 1000, clientHeight: 600 };
    const v = viewportOf(leader, 0.5);
    expect(v).toEqual({ x: 2800, y: 1200, zoom: 0.5 });
    const follower = { scrollLeft: 0, scrollTop: 0, clientWidth: 600, clientHeight: 400 };
    const to = scrollFor(follower, v);
    expect(to).toEqual({ left: 1100, top: 400 });
    expect(viewportOf({ ...follower, scrollLeft: to.left, scrollTop: to.top }, 0.5)).toEqual(v);
  });

  it("never asks for a negative scroll", () => {
    const box = { scrollLeft: 0, scrollTop: 0, clientWidth: 1000, clientHeight: 800 };
    expect(scrollFor(box, { x: 10, y: 10, zoom: 1 })).toEqual({ left: 0, top: 0 });
  });
});
