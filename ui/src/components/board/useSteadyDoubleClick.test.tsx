import { cleanup, fireEvent, render } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { useSteadyDoubleClick } from "./useSteadyDoubleClick";

function Scroller({ edit, onVote }: { edit: (id: string) => void; onVote: () => void }) {
  const handlers = useSteadyDoubleClick(edit);
  return (
    <div {...handlers}>
      <div data-testid="card" data-card-id="a">
        <button type="button" className="card-body">
          text
        </button>
        <span data-testid="author">Wayline</span>
        <button type="button" data-testid="give" onClick={onVote}>
          +
        </button>
      </div>
      <div data-testid="card" data-card-id="b">
        <button type="button" className="card-body" data-testid="body-b">
          other
        </button>
      </div>
    </div>
  );
}

const at = { clientX: 10, clientY: 10 };

afterEach(cleanup);

describe("useSteadyDoubleClick", () => {
  it("opens the card a double click began on when the second click lands on another card", () => {
    const edit = vi.fn();
    const { getByText, getByTestId } = render(<Scroller edit={edit} onVote={() => {}} />);
    fireEvent.click(getByText("text"), { ...at, detail: 1 });
    const second = vi.fn();
    getByTestId("body-b").addEventListener("click", second);
    fireEvent.click(getByTestId("body-b"), { ...at, detail: 2 });
    fireEvent.doubleClick(getByTestId("body-b"), { ...at, detail: 2 });
    expect(second).not.toHaveBeenCalled();
    expect(edit).toHaveBeenCalledWith("a");
  });

  it("opens nothing when a control clicked first moved from under the pointer", () => {
    const edit = vi.fn();
    const vote = vi.fn();
    const { getByTestId } = render(<Scroller edit={edit} onVote={vote} />);
    fireEvent.click(getByTestId("give"), { ...at, detail: 1 });
    expect(vote).toHaveBeenCalledTimes(1);
    // the vote count appeared and the + moved: the second click lands on the card's author
    const onAuthor = vi.fn();
    const card = getByTestId("author").closest("[data-testid=card]");
    card?.addEventListener("click", onAuthor);
    card?.addEventListener("dblclick", onAuthor);
    fireEvent.click(getByTestId("author"), { ...at, detail: 2 });
    fireEvent.doubleClick(getByTestId("author"), { ...at, detail: 2 });
    expect(onAuthor).not.toHaveBeenCalled();
    expect(edit).not.toHaveBeenCalled();
  });

  it("lets a second click on the same control through", () => {
    const edit = vi.fn();
    const vote = vi.fn();
    const { getByTestId } = render(<Scroller edit={edit} onVote={vote} />);
    fireEvent.click(getByTestId("give"), { ...at, detail: 1 });
    fireEvent.click(getByTestId("give"), { ...at, detail: 2 });
    expect(vote).toHaveBeenCalledTimes(2);
    expect(edit).not.toHaveBeenCalled();
  });
});
