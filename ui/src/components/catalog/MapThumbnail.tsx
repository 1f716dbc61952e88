// A map's small preview in the left rail. The host renders it from the document but guards it with
// the launch token, so it is fetched with the Authorization header and shown via an object URL;
// while loading or if it fails, a neutral placeholder keeps the row's shape.
import type { HostApi } from "../../api/http";
import { useBlobUrl } from "../../hooks/useBlobUrl";
import type { MapSummary } from "../../wire/MapSummary";

export function MapThumbnail({
  api,
  map,
  label,
}: {
  api: HostApi;
  map: MapSummary;
  label: string;
}) {
  const img = useBlobUrl(() => api.thumbnail(map.id), `${map.id}:${map.updated_at}`);
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
