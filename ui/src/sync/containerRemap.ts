// Loro names a container after the peer and op that made it. A diff made in one document and
// applied to another makes the new containers anew there, under the other document's names: the
// next diff from the first document, writing into such a container (text typed into a card made
// by the diff before), would name a container the second one does not have. ContainerRemap
// follows the containers each applied diff made, from their parent's key or position, and
// renames the next diffs' entries accordingly.
import {
  type ContainerID,
  type Diff,
  isContainer,
  type LoroDoc,
  LoroList,
  LoroMap,
  LoroMovableList,
} from "loro-crdt";

export class ContainerRemap {
  private readonly names = new Map<ContainerID, ContainerID>();

  /**
   * `diff` (from the source document) with the containers earlier diffs made given their names in
   * `target`: the entries' own, and those a list's insertion names. A movable list's move reads as
   * deleting an item and inserting the same container again, and `target` moves the item only if
   * the container inserted is one it holds; under the source's name it would make a new, empty one
   * (a stage made offline, then dragged, would lose its title).
   */
  rename(target: LoroDoc, diff: [ContainerID, Diff][]): [ContainerID, Diff][] {
    return diff.map(([id, change]) => [
      this.names.get(id) ?? id,
      this.renamedInside(target, change),
    ]);
  }

  private renamedInside(target: LoroDoc, change: Diff): Diff {
    if (change.type !== "list") return change;
    const renamedValue = (value: unknown) => {
      const name = isContainer(value) ? this.names.get(value.id) : undefined;
      return (name && target.getContainerById(name)) || value;
    };
    return {
      ...change,
      diff: change.diff.map((part) =>
        part.insert !== undefined ? { ...part, insert: part.insert.map(renamedValue) } : part,
      ),
    } as Diff;
  }

  /**
   * Learns the names `target` gave the containers `diff` made, once `target` has applied it
   * (`diff` as given to `rename`, before renaming).
   */
  learn(target: LoroDoc, diff: [ContainerID, Diff][]): void {
    // A child's entry may come before its parent's: go round until nothing new is learnt.
    for (let learnt = true; learnt; ) {
      learnt = false;
      for (const [id, change] of diff) {
        const parent = target.getContainerById(this.names.get(id) ?? id);
        for (const [made, at] of madeIn(change)) {
          if (this.names.has(made.id)) continue;
          const named = childOf(parent, at);
          if (named && named !== made.id) {
            this.names.set(made.id, named);
            learnt = true;
          }
        }
      }
    }
  }
}

/** The containers a diff's entry puts into its container, with the key or index each ends up at. */
function madeIn(change: Diff): [{ id: ContainerID }, string | number][] {
  const out: [{ id: ContainerID }, string | number][] = [];
  if (change.type === "map") {
    for (const [key, value] of Object.entries(change.updated)) {
      if (isContainer(value)) out.push([value, key]);
    }
  } else if (change.type === "list") {
    let index = 0;
    for (const part of change.diff) {
      if (part.retain !== undefined) index += part.retain;
      else if (part.insert !== undefined) {
        for (const value of part.insert) {
          if (isContainer(value)) out.push([value, index]);
          index += 1;
        }
      }
    }
  }
  return out;
}

function childOf(parent: unknown, at: string | number): ContainerID | null {
  let child: unknown;
  if (parent instanceof LoroMap && typeof at === "string") child = parent.get(at);
  else if (
    (parent instanceof LoroList || parent instanceof LoroMovableList) &&
    typeof at === "number"
  ) {
    child = parent.get(at);
  }
  return isContainer(child) ? child.id : null;
}
