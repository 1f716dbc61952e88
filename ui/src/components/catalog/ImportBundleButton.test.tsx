// A bundle the host refuses is explained in the person's language, from the reason's code, not
// with the host's English sentence; any other failure is passed on as it came. One that imports
// says so and takes away what an earlier failure said.
import { cleanup, fireEvent, render, screen, waitFor } from "@testing-library/react";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type HostApi, HostError } from "../../api/http";
import { initI18n } from "../../i18n";
import { ImportBundleButton } from "./ImportBundleButton";

afterEach(cleanup);

function pick(file: File, importBundle: () => Promise<unknown>, clearError = vi.fn()) {
  const onError = vi.fn();
  const api = { importBundle } as unknown as HostApi;
  render(
    <ImportBundleButton
      api={api}
      refresh={async () => {}}
      onError={onError}
      clearError={clearError}
    />,
  );
  fireEvent.change(screen.getByTestId("import-bundle-file"), { target: { files: [file] } });
  return onError;
}

describe("importing a .wayline bundle", () => {
  it("says why a bundle was refused in the UI's language", async () => {
    initI18n("zh-CN");
    const refused = new HostError(422, {
      code: "bundle_checksum",
      message: "this is not a usable Wayline bundle: its content does not match its checksum",
    });
    const onError = pick(new File(["{}"], "改过的.wayline"), () => Promise.reject(refused));
    await waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(onError).toHaveBeenCalledWith(
      new Error("这个文件在保存后被修改或损坏了（校验值不符）。没有导入任何内容。"),
    );
  });

  it("passes any other failure on unchanged", async () => {
    initI18n("en");
    const full = new HostError(507, { code: "disk_full", message: "the disk is full" });
    const onError = pick(new File(["{}"], "a.wayline"), () => Promise.reject(full));
    await waitFor(() => expect(onError).toHaveBeenCalledWith(full));
  });

  it("says what was imported and takes away its own earlier failure's message", async () => {
    initI18n("zh-CN");
    const clearError = vi.fn();
    const project = { id: "p2", name: "季度工作坊 (2)", maps: [{}, {}] };
    const refused = new HostError(422, { code: "bundle_unreadable", message: "cut off" });
    const importBundle = vi
      .fn()
      .mockImplementationOnce(() => Promise.reject(refused))
      .mockImplementationOnce(() => Promise.resolve(project));
    const onError = pick(new File(["{"], "a.wayline"), importBundle, clearError);
    await waitFor(() => expect(onError).toHaveBeenCalledOnce());
    expect(clearError).not.toHaveBeenCalled();
    fireEvent.change(screen.getByTestId("import-bundle-file"), {
      target: { files: [new File(["{}"], "b.wayline")] },
    });
    await waitFor(() => expect(clearError).toHaveBeenCalledOnce());
    await waitFor(() =>
      expect(screen.getByTestId("import-done").textContent).toContain(
        "已导入「季度工作坊 (2)」，含 2 张旅程图。",
      ),
    );
    expect(onError).toHaveBeenCalledOnce();
  });
});
