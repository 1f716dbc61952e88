// The backups of the data file, for the Restore screen: list them, make one now, look into one,
// and bring one map back out of it as a new map (the host never replaces anything current). Goes
// through HostApi's request helper, so the token and the host's {code, message} errors are handled
// as for every other call.
import type { BackupContents } from "../wire/BackupContents";
import type { BackupInfo } from "../wire/BackupInfo";
import type { MapSummary } from "../wire/MapSummary";
import type { HostApi } from "./http";

const id = encodeURIComponent;

/** The backups, newest first. */
export function listBackups(api: HostApi): Promise<BackupInfo[]> {
  return api.call("GET", "/api/backups");
}

/** Makes a backup now and answers with it. */
export function backUpNow(api: HostApi): Promise<BackupInfo> {
  return api.call("POST", "/api/backups");
}

/** The projects and maps a backup holds (read from a copy; the backup is never changed). */
export function backupContents(api: HostApi, name: string): Promise<BackupContents> {
  return api.call("GET", `/api/backups/${id(name)}`);
}

/** Brings one map of a backup back as a new map, next to the current ones. */
export function restoreMapFromBackup(
  api: HostApi,
  name: string,
  mapId: string,
): Promise<MapSummary> {
  return api.call("POST", `/api/backups/${id(name)}/maps/${id(mapId)}/restore`);
}
