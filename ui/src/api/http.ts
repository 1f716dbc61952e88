// Typed HTTP calls to the host's JSON API; non-2xx answers become HostError so screens can show them.
import type { ApiError } from "../wire/ApiError";
import type { CreateMap } from "../wire/CreateMap";
import type { Diagnostics } from "../wire/Diagnostics";
import type { MapChanges } from "../wire/MapChanges";
import type { MapSummary } from "../wire/MapSummary";
import type { Persona } from "../wire/Persona";
import type { PersonaFields } from "../wire/PersonaFields";
import type { ProjectSummary } from "../wire/ProjectSummary";
import type { RenameMap } from "../wire/RenameMap";
import type { SessionInfo } from "../wire/SessionInfo";
import type { Settings } from "../wire/Settings";
import type { TemplateInfo } from "../wire/TemplateInfo";
import type { TrashedMap } from "../wire/TrashedMap";
import type { TrashedProject } from "../wire/TrashedProject";
import type { Endpoint } from "./endpoint";
import { type ExportFile, fileNameFromDisposition } from "./export";

export class HostError extends Error {
  readonly code: string;
  readonly status: number;
  constructor(status: number, body: ApiError) {
    super(body.message || body.code);
    this.name = "HostError";
    this.code = body.code;
    this.status = status;
  }
}

function isApiError(v: unknown): v is ApiError {
  return (
    typeof v === "object" &&
    v !== null &&
    typeof (v as { code?: unknown }).code === "string" &&
    typeof (v as { message?: unknown }).message === "string"
  );
}

function parseJson(text: string): unknown {
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

const id = encodeURIComponent;

/** A project name as a file name: no path separators or control characters, never empty. */
function bundleStem(name: string): string {
  const stem = [...name]
    .map((c) => (c === "/" || c === "\\" || c.charCodeAt(0) < 0x20 ? "_" : c))
    .join("")
    .trim();
  return stem || "project";
}

interface Body {
  json?: unknown;
  raw?: Blob;
  contentType?: string;
}

export class HostApi {
  constructor(private readonly ep: Endpoint) {}

  /** Sends one request; network failures and non-2xx answers become HostError. */
  private async send(method: string, path: string, body: Body = {}): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.ep.token}` };
    let payload: BodyInit | undefined;
    if (body.raw !== undefined) {
      payload = body.raw;
      headers["Content-Type"] = body.contentType || body.raw.type || "application/octet-stream";
    } else {
      headers["Content-Type"] = "application/json";
      if (body.json !== undefined) payload = JSON.stringify(body.json);
    }
    let res: Response;
    try {
      res = await fetch(this.ep.base + path, { method, headers, body: payload });
    } catch (e) {
      throw new HostError(0, { code: "network", message: e instanceof Error ? e.message : "" });
    }
    if (!res.ok) {
      const parsed = parseJson(await res.text().catch(() => ""));
      throw new HostError(
        res.status,
        isApiError(parsed) ? parsed : { code: `http_${res.status}`, message: res.statusText },
      );
    }
    return res;
  }

  async call<T>(method: string, path: string, json?: unknown): Promise<T> {
    const res = await this.send(method, path, { json });
    return parseJson(await res.text()) as T;
  }

  /** An image; anything else (e.g. an HTML page from an older host) is an error, not a picture. */
  private async image(path: string): Promise<Blob> {
    const res = await this.send("GET", path);
    const type = res.headers.get("Content-Type") ?? "";
    if (!type.startsWith("image/")) {
      throw new HostError(res.status, { code: "not_an_image", message: type || "no content type" });
    }
    return res.blob();
  }

  session(): Promise<SessionInfo> {
    return this.call("GET", "/api/session");
  }
  projects(): Promise<ProjectSummary[]> {
    return this.call("GET", "/api/projects");
  }
  createProject(name: string): Promise<ProjectSummary> {
    return this.call("POST", "/api/projects", { name });
  }
  renameProject(projectId: string, name: string): Promise<ProjectSummary> {
    return this.call("PATCH", `/api/projects/${id(projectId)}`, { name });
  }
  createMap(projectId: string, body: CreateMap): Promise<MapSummary> {
    return this.call("POST", `/api/projects/${id(projectId)}/maps`, body);
  }
  templates(): Promise<TemplateInfo[]> {
    return this.call("GET", "/api/templates");
  }
  settings(): Promise<Settings> {
    return this.call("GET", "/api/settings");
  }
  saveSettings(s: Settings): Promise<Settings> {
    return this.call("PUT", "/api/settings", s);
  }
  /** For a bug report: version, system, the data file's health, backups, the end of the log. */
  diagnostics(): Promise<Diagnostics> {
    return this.call("GET", "/api/diagnostics");
  }

  // Maps: rename, duplicate, trash and restore.
  renameMap(mapId: string, title: string): Promise<MapSummary> {
    const body: RenameMap = { title };
    return this.call("PATCH", `/api/maps/${id(mapId)}`, body);
  }
  duplicateMap(mapId: string): Promise<MapSummary> {
    return this.call("POST", `/api/maps/${id(mapId)}/duplicate`);
  }
  /** What changed from saved version `from` to version `to`, or to the map as the host holds it. */
  mapChanges(mapId: string, from: string, to: string | null): Promise<MapChanges> {
    const q = `from=${id(from)}${to ? `&to=${id(to)}` : ""}`;
    return this.call("GET", `/api/maps/${id(mapId)}/changes?${q}`);
  }
  /** A new map of the same project holding the map as it was at the version. */
  restoreVersion(mapId: string, versionId: string): Promise<MapSummary> {
    return this.call("POST", `/api/maps/${id(mapId)}/versions/${id(versionId)}/restore`);
  }
  async trashMap(mapId: string): Promise<void> {
    await this.send("DELETE", `/api/maps/${id(mapId)}`);
  }
  trash(): Promise<TrashedMap[]> {
    return this.call("GET", "/api/trash");
  }
  restoreMap(mapId: string): Promise<MapSummary> {
    return this.call("POST", `/api/maps/${id(mapId)}/restore`);
  }
  async purgeMap(mapId: string): Promise<void> {
    await this.send("DELETE", `/api/trash/${id(mapId)}`);
  }
  thumbnail(mapId: string): Promise<Blob> {
    return this.image(`/api/maps/${id(mapId)}/thumbnail.svg`);
  }

  // Projects in the trash: a trashed project takes its maps with it.
  trashProject(projectId: string): Promise<ProjectSummary> {
    return this.call("POST", `/api/projects/${id(projectId)}/trash`);
  }
  trashedProjects(): Promise<TrashedProject[]> {
    return this.call("GET", "/api/trash/projects");
  }
  restoreProject(projectId: string): Promise<ProjectSummary> {
    return this.call("POST", `/api/projects/${id(projectId)}/restore`);
  }
  async purgeProject(projectId: string): Promise<void> {
    await this.send("DELETE", `/api/trash/projects/${id(projectId)}`);
  }

  // Personas of a project.
  personas(projectId: string): Promise<Persona[]> {
    return this.call("GET", `/api/projects/${id(projectId)}/personas`);
  }
  createPersona(projectId: string, fields: PersonaFields): Promise<Persona> {
    return this.call("POST", `/api/projects/${id(projectId)}/personas`, fields);
  }
  updatePersona(personaId: string, fields: PersonaFields): Promise<Persona> {
    return this.call("PATCH", `/api/personas/${id(personaId)}`, fields);
  }
  async deletePersona(personaId: string): Promise<void> {
    await this.send("DELETE", `/api/personas/${id(personaId)}`);
  }
  async putPersonaPicture(personaId: string, image: Blob, contentType: string): Promise<Persona> {
    const res = await this.send("PUT", `/api/personas/${id(personaId)}/picture`, {
      raw: image,
      contentType,
    });
    return parseJson(await res.text()) as Persona;
  }
  /** Adds the project of a `.wayline` bundle (a participant's saved copy, or a colleague's export). */
  async importBundle(bundle: Blob): Promise<ProjectSummary> {
    const res = await this.send("POST", "/api/bundles", {
      raw: bundle,
      contentType: "application/octet-stream",
    });
    return parseJson(await res.text()) as ProjectSummary;
  }
  /**
   * A project as a `.wayline` bundle file, to save elsewhere (the other half of importBundle). The
   * file name is the host's (Content-Disposition, Chinese kept), else the project's name.
   */
  async projectBundle(projectId: string, projectName: string): Promise<ExportFile> {
    const res = await this.send("GET", `/api/projects/${id(projectId)}/bundle`);
    const type = res.headers.get("Content-Type") ?? "";
    // an HTML page (e.g. from an older host without bundles) is not a bundle
    if (type.startsWith("text/html")) {
      throw new HostError(res.status, { code: "not_a_bundle", message: type });
    }
    let blob: Blob;
    try {
      blob = await res.blob();
    } catch (e) {
      throw new HostError(0, { code: "network", message: e instanceof Error ? e.message : "" });
    }
    const fallback = `${bundleStem(projectName)}.wayline`;
    return {
      blob,
      fileName: fileNameFromDisposition(res.headers.get("Content-Disposition"), fallback),
    };
  }
  personaPicture(personaId: string): Promise<Blob> {
    return this.image(`/api/personas/${id(personaId)}/picture`);
  }
  deletePersonaPicture(personaId: string): Promise<Persona> {
    return this.call("DELETE", `/api/personas/${id(personaId)}/picture`);
  }
}
