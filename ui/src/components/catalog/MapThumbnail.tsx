// A map's small preview in the left rail. The host renders it from the document but guards it with
// the launch token, so it is fetched with the Authorization header and shown via an object URL;
// while loading or if it fails, a neutral placeholder keeps the row's shape. A map being edited
// changes with every catalog refresh; its preview is fetched again at most every
// THUMBNAIL_REFRESH_MS (each fetch is a drawing to decode here and, for a new version, a whole
// map to load and draw on the host, for every participant's tab), and not at all while this tab
// has it open: its board shows it, and the preview catches up once the board closes.
import type { HostApi } from "../../api/http";
import { useBlobUrl } from "../../hooks/useBlobUrl";
import { useHeldWhile } from "../../hooks/useHeldWhile";
import { useThrottled } from "../../hooks/useThrottled";
import type { MapSummary } from "../../wire/MapSummary";

export const THUMBNAIL_REFRESH_MS = 30_000;

export function MapThumbnail({
  api,
  map,
  open,
  label,
}: {
  api: HostApi;
  map: MapSummary;
  /** The map's board is shown in this tab. */
  open: boolean;
  label: string;
}) {
  const version = useThrottled(useHeldWhile(map.updated_at, open), THUMBNAIL_REFRESH_MS);
  const img = useBlobUrl(() => api.thumbnail(map.id), `${map.id}:${version}`);
  return img.url ? (
    <img className="map-thumb" src={img.url} alt={label} data-testid="map-thumbnail" />
  ) : (
    <span
      className={img.failed ? "map-thumb map-thumb-missing" : "map-thumb"}
      role="img"
      aria-label={label}
      data-testid="map-thumbnail"
      data-state={img.failed ? "failed" : "loading"}
    />
  );
}
