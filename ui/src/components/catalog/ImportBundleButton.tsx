// "Import .wayline…": adds a project from a bundle file — a colleague's export, or a workshop
// participant's saved copy, which is how a facilitator whose data were lost re-seeds a new host.
// The host checks the whole bundle before writing anything and refuses a damaged one, with a
// reason the button words in the UI's language.
import i18next from "i18next";
import { useRef, useState } from "react";
import { type HostApi, HostError } from "../../api/http";
import { useTranslation } from "../../i18n/useTranslation";

interface Props {
  api: HostApi;
  refresh: () => Promise<void>;
  onError: (e: unknown) => void;
}

export function ImportBundleButton({ api, refresh, onError }: Props) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState(false);
  const importFile = async (file: File) => {
    setBusy(true);
    try {
      await api.importBundle(file);
      await refresh();
    } catch (e) {
      // A refused bundle is said in the person's language (crates/store BundleProblem codes).
      const key = e instanceof HostError ? `catalog.import.problem.${e.code}` : null;
      onError(key && i18next.exists(key) ? new Error(t(key)) : e);
    } finally {
      setBusy(false);
      if (input.current) input.current.value = "";
    }
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
