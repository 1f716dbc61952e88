// Typed HTTP calls to the host's JSON API; non-2xx answers become HostError so screens can show them.
import type { ApiError } from "../wire/ApiError";
import type { CreateMap } from "../wire/CreateMap";
import type { MapSummary } from "../wire/MapSummary";
import type { ProjectSummary } from "../wire/ProjectSummary";
import type { SessionInfo } from "../wire/SessionInfo";
import type { Settings } from "../wire/Settings";
import type { TemplateInfo } from "../wire/TemplateInfo";
import type { Endpoint } from "./endpoint";

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

export class HostApi {
  constructor(private readonly ep: Endpoint) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(this.ep.base + path, {
        method,
        headers: {
          Authorization: `Bearer ${this.ep.token}`,
          "Content-Type": "application/json",
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (e) {
      throw new HostError(0, { code: "network", message: e instanceof Error ? e.message : "" });
    }
    const text = await res.text();
    let parsed: unknown = null;
    if (text) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = null;
      }
    }
    if (!res.ok) {
      throw new HostError(
        res.status,
        isApiError(parsed) ? parsed : { code: `http_${res.status}`, message: res.statusText },
      );
    }
    return parsed as T;
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
  renameProject(id: string, name: string): Promise<ProjectSummary> {
    return this.call("PATCH", `/api/projects/${encodeURIComponent(id)}`, { name });
  }
  createMap(projectId: string, body: CreateMap): Promise<MapSummary> {
    return this.call("POST", `/api/projects/${encodeURIComponent(projectId)}/maps`, body);
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
}
