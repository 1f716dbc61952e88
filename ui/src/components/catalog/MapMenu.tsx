// The per-map "⋯" menu in the left rail: rename, duplicate, move to trash. Closes on Escape,
// on choosing an item and on a click elsewhere.
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "../../i18n/useTranslation";

interface Props {
  title: string;
  onRename: () => void;
  onDuplicate: () => void;
  onDelete: () => void;
}

export function MapMenu({ title, onRename, onDuplicate, onDelete }: Props) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLButtonElement>("[role=menuitem]")?.focus();
    const away = (e: PointerEvent) => {
      if (root.current && !root.current.contains(e.target as Node)) setOpen(false);
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.key === "Escape") setOpen(false);
    };
    document.addEventListener("pointerdown", away);
    document.addEventListener("keydown", onKey);
    return () => {
      document.removeEventListener("pointerdown", away);
      document.removeEventListener("keydown", onKey);
    };
  }, [open]);

  const pick = (fn: () => void) => () => {
    setOpen(false);
    fn();
  };

  return (
    <div className="map-menu" ref={root}>
      <button
        type="button"
        className="icon-button map-menu-button"
        data-testid="map-menu"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-label={t("catalog.map.menu", { title })}
        title={t("catalog.map.menu", { title })}
        onClick={() => setOpen((o) => !o)}
      >
        ⋯
      </button>
      {open && (
        <div className="map-menu-list" role="menu">
          <button type="button" role="menuitem" data-testid="rename-map" onClick={pick(onRename)}>
            {t("catalog.map.rename")}
          </button>
          <button
            type="button"
            role="menuitem"
            data-testid="duplicate-map"
            onClick={pick(onDuplicate)}
          >
            {t("catalog.map.duplicate")}
          </button>
          <button
            type="button"
            role="menuitem"
            className="danger-text"
            data-testid="delete-map"
            onClick={pick(onDelete)}
          >
            {t("catalog.map.delete")}
          </button>
        </div>
      )}
    </div>
  );
}
