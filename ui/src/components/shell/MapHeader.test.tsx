// The map header on a real LoroDoc: title writes (empty refused), IME-safe scenario writes, the
// persona picker, and re-rendering when a remote peer's change is imported.
import { act, cleanup, fireEvent, render, screen } from "@testing-library/react";
import { LoroDoc, UndoManager } from "loro-crdt";
import { afterEach, describe, expect, it } from "vitest";
import { makeMapDoc } from "../../../test/doc/fixture";
import type { HostApi } from "../../api/http";
import { readMapMeta, setMapScenario } from "../../doc/meta";
import { MapStore } from "../../doc/store";
import { UndoSteps } from "../../doc/undoSteps";
import { CatalogContext, type CatalogContextValue } from "../../hooks/catalogContext";
import type { OpenMap } from "../../hooks/useOpenMap";
import { initI18n } from "../../i18n";
import type { RoomSync } from "../../sync/room";
import type { Persona } from "../../wire/Persona";
import { MapHeader } from "./MapHeader";

afterEach(cleanup);

const flush = () =>
  act(async () => {
    for (let i = 0; i < 5; i++) await Promise.resolve();
  });

function openMap(doc: LoroDoc): OpenMap {
  const undo = new UndoManager(doc, { mergeInterval: 0 });
  return {
    mapId: "m1",
    session: "m1",
    doc,
    store: new MapStore(doc),
    room: {} as unknown as RoomSync,
    undo,
    steps: new UndoSteps(undo),
    fromHostCopy: false,
  };
}

const persona: Persona = {
  id: "p1",
  project_id: "pr",
  name: "Mia Chen",
  role: "Buyer",
  goals: "",
  frustrations: "",
  quote: "",
  has_picture: false,
  updated_at: 1,
};

function renderHeader(open: OpenMap) {
  const ctx: CatalogContextValue = {
    api: {} as unknown as HostApi,
    projectId: "pr",
    personas: [persona],
    refreshPersonas: async () => {},
    openPersonas: () => {},
    refreshProjects: () => {},
  };
  return render(
    <CatalogContext.Provider value={ctx}>
      <MapHeader open={open} />
    </CatalogContext.Provider>,
  );
}

const sample = () => makeMapDoc(["s1"], [{ id: "l1", title: "Actions", kind: "cards" }]);

describe("MapHeader", () => {
  it("writes the title on Enter and refuses an empty one", async () => {
    initI18n("en");
    const open = openMap(sample());
    renderHeader(open);
    const input = screen.getByTestId("map-title-input") as HTMLInputElement;
    expect(input.value).toBe("Test map");
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: "Renewal" } });
    fireEvent.blur(input);
    await flush();
    expect(readMapMeta(open.doc).title).toBe("Renewal");
    fireEvent.focus(input);
    fireEvent.change(input, { target: { value: "  " } });
    fireEvent.blur(input);
    await flush();
    expect(readMapMeta(open.doc).title).toBe("Renewal");
    expect(input.value).toBe("Renewal");
    expect(screen.getByRole("alert").textContent).toContain("cannot be empty");
  });

  it("writes nothing while an IME composes, then the composed text", async () => {
    initI18n("zh-CN");
    const open = openMap(sample());
    renderHeader(open);
    const area = screen.getByTestId("scenario-input") as HTMLTextAreaElement;
    fireEvent.compositionStart(area);
    fireEvent.change(area, { target: { value: "ke" } });
    expect(readMapMeta(open.doc).scenario).toBe("");
    area.value = "课";
    fireEvent.compositionEnd(area);
    expect(readMapMeta(open.doc).scenario).toBe("课");
    fireEvent.change(area, { target: { value: "课程" } });
    expect(readMapMeta(open.doc).scenario).toBe("课程");
  });

  it("picks and clears the actor persona", async () => {
    initI18n("en");
    const open = openMap(sample());
    renderHeader(open);
    const select = screen.getByTestId("persona-select") as HTMLSelectElement;
    fireEvent.change(select, { target: { value: "p1" } });
    expect(readMapMeta(open.doc).personaId).toBe("p1");
    await flush();
    expect(screen.getByRole("img", { name: /Mia Chen/ })).toBeTruthy();
    fireEvent.change(select, { target: { value: "" } });
    expect(readMapMeta(open.doc).personaId).toBeNull();
  });

  it("shows a remote peer's changes", async () => {
    initI18n("en");
    const local = sample();
    const open = openMap(local);
    renderHeader(open);
    const remote = new LoroDoc();
    remote.import(local.export({ mode: "snapshot" }));
    setMapScenario(remote, "Remote scenario");
    remote.getMap("meta").set("title", "Remote title");
    remote.commit();
    await act(async () => {
      local.import(remote.export({ mode: "update", from: local.oplogVersion() }));
      for (let i = 0; i < 5; i++) await Promise.resolve();
    });
    expect((screen.getByTestId("scenario-input") as HTMLTextAreaElement).value).toBe(
      "Remote scenario",
    );
    expect((screen.getByTestId("map-title-input") as HTMLInputElement).value).toBe("Remote title");
  });
});
