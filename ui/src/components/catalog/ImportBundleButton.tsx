// "Import .wayline…": adds a project from a bundle file — a colleague's export, or a workshop
// participant's saved copy, which is how a facilitator whose data were lost re-seeds a new host.
// The host checks the whole bundle before writing anything and refuses a damaged one, with a
// reason the button words in the UI's language. An import that worked says so, takes away what a
// failed one said, and brings the new project into view (its name numbered by the host when the
// list already has it).
import i18next from "i18next";
import { useRef, useState } from "react";
import { type HostApi, HostError } from "../../api/http";
import { useTranslation } from "../../i18n/useTranslation";
import type { ProjectSummary } from "../../wire/ProjectSummary";
import { showCardNotice } from "../cards/cardNotice";

interface Props {
  api: HostApi;
  refresh: () => Promise<void>;
  onError: (e: unknown) => void;
  /** Takes away the message of an earlier failure. */
  clearError: () => void;
}

/** How long the "imported" message stays. */
const DONE_NOTICE_MS = 8_000;

export function ImportBundleButton({ api, refresh, onError, clearError }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  // Whether the page's error message is this button's own (a failed import): only that one is
  // taken away by an import that works.
  const saidFailure = useRef(false);
  const importFile = async (file: File) => {
    setBusy(true);
    let project: ProjectSummary;
    try {
      project = await api.importBundle(file);
    } catch (e) {
      // A refused bundle is said in the person's language (crates/store BundleProblem codes).
      const key = e instanceof HostError ? `catalog.import.problem.${e.code}` : null;
      onError(key && i18next.exists(key) ? new Error(t(key)) : e);
      saidFailure.current = true;
      return;
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
    if (saidFailure.current) clearError();
    saidFailure.current = false;
    showCardNotice(
      t("catalog.import.done", { name: project.name, count: project.maps.length }),
      "import-done",
      DONE_NOTICE_MS,
    );
    // The import is done whatever the list does next (a list that cannot be read says so itself).
    await refresh().catch(onError);
    requestAnimationFrame(() => {
      const items = document.querySelectorAll<HTMLElement>('[data-testid="project-item"]');
      for (const item of items) {
        if (item.dataset.projectId === project.id) item.scrollIntoView?.({ block: "nearest" });
      }
    });
  };
  return (
    <>
      <button
        type="button"
        className="small-button"
        data-testid="import-bundle"
        disabled={busy}
        onClick={() => input.current?.click()}
      >
        {busy ? t("catalog.import.busy") : t("catalog.import.open")}
      </button>
      <input
        ref={input}
        type="file"
        accept=".wayline,application/json"
        hidden
        data-testid="import-bundle-file"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          if (file) void importFile(file);
        }}
      />
    </>
  );
}
