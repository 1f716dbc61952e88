// One map in a project's list: thumbnail, title and counts (click to open), its "⋯" menu, and the
// inline rename form (an empty title is refused).
import { useState } from "react";
import type { HostApi } from "../../api/http";
import { languageFromLocale } from "../../i18n";
import { useTranslation } from "../../i18n/useTranslation";
import { MAX_TITLE_CHARS } from "../../wire/limits";
import type { MapSummary } from "../../wire/MapSummary";
import { charLimit } from "../shared/charLimit";
import { MapMenu } from "./MapMenu";
import { MapThumbnail } from "./MapThumbnail";

interface Props {
  api: HostApi;
  map: MapSummary;
  active: boolean;
  onOpen: () => void;
  onRename: (title: string) => Promise<boolean>;
  onDuplicate: () => void;
  onDelete: () => void;
}

export function MapItem({ api, map, active, onOpen, onRename, onDuplicate, onDelete }: Props) {
  const { t } = useTranslation();
  const title = map.title || t("rail.untitled");
  const [editing, setEditing] = useState(false);
  const [draft, setDraft] = useState(map.title);
  const [problem, setProblem] = useState(false);

  const save = async () => {
    const clean = draft.trim();
    if (!clean) {
      setProblem(true);
      return;
    }
    if (clean === map.title || (await onRename(clean))) setEditing(false);
  };

  if (editing) {
    return (
      <li className="map-row">
        <form
          className="map-rename"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <input
            aria-label={t("catalog.map.titleLabel")}
            data-testid="map-title-rename"
            value={draft}
            // biome-ignore lint/a11y/noAutofocus: the rename was just asked for
            autoFocus
            aria-invalid={problem}
            {...charLimit(MAX_TITLE_CHARS, (text) => {
              setDraft(text);
              setProblem(false);
            })}
            onKeyDown={(e) => {
              if (e.key === "Escape") setEditing(false);
            }}
          />
          <button type="submit" className="small-button">
            {t("catalog.map.save")}
          </button>
          <button type="button" className="link-button" onClick={() => setEditing(false)}>
            {t("catalog.map.cancel")}
          </button>
          {problem && (
            <p className="field-problem" role="alert">
              {t("catalog.map.titleEmpty")}
            </p>
          )}
        </form>
      </li>
    );
  }

  return (
    <li className="map-row">
      <button
        type="button"
        className={active ? "map-item active" : "map-item"}
        data-testid="map-item"
        data-map-id={map.id}
        aria-current={active ? "page" : undefined}
        onClick={onOpen}
      >
        <MapThumbnail
          api={api}
          map={map}
          open={active}
          label={t("catalog.map.thumbnail", { title })}
        />
        <span className="map-text">
          {/* In the map's own language, like the map's text (base.css :lang) */}
          <span className="map-title" lang={map.title ? languageFromLocale(map.locale) : undefined}>
            {title}
          </span>
          {/* Each count stays whole, and no line starts or ends with a separator (catalog.css). */}
          <span className="map-counts">
            {[
              t("rail.stages", { count: map.stage_count }),
              t("rail.lanes", { count: map.lane_count }),
              t("rail.cards", { count: map.card_count }),
            ].map((count) => (
              <span key={count} className="map-count">
                {count}
              </span>
            ))}
          </span>
        </span>
      </button>
      <MapMenu
        title={title}
        onRename={() => {
          setDraft(map.title);
          setProblem(false);
          setEditing(true);
        }}
        onDuplicate={onDuplicate}
        onDelete={onDelete}
      />
    </li>
  );
}
