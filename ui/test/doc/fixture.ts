// Builds small map documents the way the host's templates do (map-document.md), for tests only:
// it lives under test/ so that nothing in the app bundle can import it.
import { LoroDoc, LoroMap } from "loro-crdt";
import { ROOT, SCHEMA_VERSION } from "../../src/doc/schema";

export interface FixtureLane {
  id: string;
  title: string;
  kind: string;
  /** A cards lane's role; "actions" when left out. */
  role?: string;
  department?: string;
}

export function makeMapDoc(stages: string[], lanes: FixtureLane[]): LoroDoc {
  const doc = new LoroDoc();
  const meta = doc.getMap(ROOT.meta);
  meta.set("title", "Test map");
  meta.set("locale", "en");
  meta.set("template", "lifecycle");
  meta.set("schema_version", SCHEMA_VERSION);
  const sl = doc.getMovableList(ROOT.stages);
  stages.forEach((id, i) => {
    const m = sl.insertContainer(i, new LoroMap());
    m.set("id", id);
    m.set("title", `Stage ${id}`);
    m.set("description", "");
    m.set("color", "blue");
    m.set("phase", "pre_sale");
  });
  const ll = doc.getMovableList(ROOT.lanes);
  lanes.forEach((l, i) => {
    const m = ll.insertContainer(i, new LoroMap());
    m.set("id", l.id);
    m.set("title", l.title);
    m.set("kind", l.kind);
    m.set("role", l.kind === "cards" ? (l.role ?? "actions") : "");
    m.set("department", l.department ?? "");
    m.set("separator", "none");
  });
  doc.getMap(ROOT.cards);
  doc.getMap(ROOT.emotions);
  doc.commit();
  return doc;
}

/** The three-stage, two-lane document the structure tests start from. */
export function makeFixture(): LoroDoc {
  return makeMapDoc(
    ["s1", "s2", "s3"],
    [
      { id: "l1", title: "Actions", kind: "cards" },
      { id: "l2", title: "Metrics", kind: "metrics" },
    ],
  );
}
