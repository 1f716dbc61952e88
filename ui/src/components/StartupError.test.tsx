// The startup error screen says what failed, in the UI language, and that nothing was changed.
import { cleanup, render, screen } from "@testing-library/react";
import { afterEach, describe, expect, it } from "vitest";
import { initI18n } from "../i18n";
import { StartupError } from "./StartupError";

afterEach(cleanup);

describe("StartupError", () => {
  it("shows the host's message and the reassurance in Traditional Chinese", () => {
    initI18n("zh-TW");
    render(
      <StartupError
        failure={{ code: "corrupt_file", message: "the data file /x/wayline.sqlite3 is damaged" }}
      />,
    );
    expect(screen.getByRole("alert").textContent).toContain(
      "the data file /x/wayline.sqlite3 is damaged",
    );
    expect(screen.getByRole("heading").textContent).toBe("Wayline 無法開啟資料");
    expect(screen.getByText("corrupt_file")).toBeTruthy();
    expect(document.body.textContent).toContain("沒有任何內容被更改");
  });
});
