// The open map's preview waits while the map is open and catches up once it is closed.
import { render, screen } from "@testing-library/react";
import { describe, expect, it } from "vitest";
import { useHeldWhile } from "./useHeldWhile";

function Shown({ value, held }: { value: string; held: boolean }) {
  return <span data-testid="shown">{useHeldWhile(value, held)}</span>;
}

describe("useHeldWhile", () => {
  it("keeps the value from before it was held, then follows again", () => {
    const { rerender } = render(<Shown value="v1" held={false} />);
    rerender(<Shown value="v2 旅程" held={false} />);
    expect(screen.getByTestId("shown").textContent).toBe("v2 旅程");
    rerender(<Shown value="v2 旅程" held={true} />);
    rerender(<Shown value="v3" held={true} />);
    rerender(<Shown value="v4" held={true} />);
    expect(screen.getByTestId("shown").textContent).toBe("v2 旅程");
    rerender(<Shown value="v4" held={false} />);
    expect(screen.getByTestId("shown").textContent).toBe("v4");
    rerender(<Shown value="v5 痛點" held={false} />);
    expect(screen.getByTestId("shown").textContent).toBe("v5 痛點");
  });
});
