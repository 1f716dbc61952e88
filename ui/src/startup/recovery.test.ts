// Which explanation and which ways out each failure code gets, and the shell's commands as the
// screen calls them: their arguments, every kind of rejection as `{code, message}`; and how its
// sentences are put together in English and Chinese.
import { describe, expect, it, vi } from "vitest";
import {
  choicesFor,
  commandFailure,
  loadDiagnostics,
  loadRecoveryOptions,
  reasonOf,
  recoverData,
  restartApp,
} from "./recovery";
import { joinSentences } from "./sentences";

const OPTIONS = {
  data_dir: "/d",
  log_dir: "/d/logs",
  backup_name: null,
  backup_created_at_ms: null,
};

describe("reasons and choices", () => {
  it("groups the codes into explanations", () => {
    expect(reasonOf("corrupt_file")).toBe("corrupt_file");
    expect(reasonOf("folder_in_use")).toBe("folder_in_use");
    expect(reasonOf("cannot_open")).toBe("folder");
    expect(reasonOf("data_folder")).toBe("folder");
    expect(reasonOf("storage")).toBe("other");
    expect(reasonOf("")).toBe("other");
  });
  it("offers salvage only for a damaged file, and nothing for conditions to fix", () => {
    expect(choicesFor("corrupt_file")).toEqual(["restore_backup", "salvage", "start_empty"]);
    expect(choicesFor("newer_file")).toEqual(["restore_backup", "start_empty"]);
    for (const r of ["file_locked", "read_only", "disk_full", "folder", "folder_in_use", "other"]) {
      expect(choicesFor(reasonOf(r))).toEqual([]);
    }
  });
});

describe("commands", () => {
  it("passes the choice and returns the shell's answers", async () => {
    const invoke = vi.fn(async (cmd: string) => (cmd === "recovery_options" ? OPTIONS : null));
    await expect(loadRecoveryOptions({ invoke })).resolves.toEqual(OPTIONS);
    await recoverData({ invoke }, "start_empty");
    expect(invoke).toHaveBeenCalledWith("recover_data", { choice: "start_empty" });
    await restartApp({ invoke });
    expect(invoke).toHaveBeenCalledWith("restart_app", undefined);
  });
  it("rejects with {code, message} whatever the shell rejected with", async () => {
    const failing = (e: unknown) => ({ invoke: async () => Promise.reject(e) });
    await expect(
      recoverData(failing({ code: "disk_full", message: "full" }), "salvage"),
    ).rejects.toEqual({ code: "disk_full", message: "full" });
    await expect(restartApp(failing("boom"))).rejects.toEqual({ code: "desktop", message: "boom" });
    await expect(loadRecoveryOptions(failing(new Error("gone")))).rejects.toEqual({
      code: "desktop",
      message: "gone",
    });
  });
  it("refuses an answer that is not the options", async () => {
    await expect(
      loadRecoveryOptions({ invoke: async () => ({ data_dir: 1 }) }),
    ).rejects.toMatchObject({
      code: "desktop",
    });
  });
  it("asks the shell for its diagnostics and refuses any other answer", async () => {
    const diagnostics = {
      version: "0.4.0",
      os: "linux",
      arch: "x86_64",
      data_dir: "/d",
      data_file: "no data file yet",
      data_file_bytes: 0,
      backups: 0,
      newest_backup: null,
      log_file: null,
      log_tail: [],
    };
    const invoke = vi.fn(async () => diagnostics);
    await expect(loadDiagnostics({ invoke })).resolves.toEqual(diagnostics);
    expect(invoke).toHaveBeenCalledWith("diagnostics", undefined);
    await expect(
      loadDiagnostics({ invoke: async () => ({ ...diagnostics, log_tail: "x" }) }),
    ).rejects.toMatchObject({ code: "desktop" });
    await expect(
      loadDiagnostics({ invoke: async () => Promise.reject({ code: "internal", message: "m" }) }),
    ).rejects.toEqual({ code: "internal", message: "m" });
  });
  it("keeps a rejection's code only when it is a string", () => {
    expect(commandFailure({ code: 3, message: "m" })).toEqual({ code: "desktop", message: "m" });
    expect(commandFailure(null)).toEqual({ code: "desktop", message: "null" });
  });
});

describe("joinSentences", () => {
  it("puts a space between English sentences and none between Chinese ones", () => {
    expect(joinSentences("en", "Salvage?", "", "Kept.")).toBe("Salvage? Kept.");
    expect(joinSentences("zh-TW", "救回嗎？", "保留。")).toBe("救回嗎？保留。");
  });
});
