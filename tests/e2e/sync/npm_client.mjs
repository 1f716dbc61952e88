// A participant driven by the convergence test (crates/cli/tests/convergence.rs) through the
// official `loro-websocket` client, so the host is checked against a client it did not write.
// Commands on stdin, one per line: `edit N` (N random edits), `dump` (prints `SNAPSHOT <base64>`
// of the whole document), `quit`. Everything it sends goes to the URL it is given (loopback).
import { createInterface } from "node:readline";
import { LoroDoc, LoroList, LoroMap, LoroText } from "loro-crdt";
import { LoroAdaptor } from "loro-adaptors/loro";
import { LoroWebsocketClient } from "loro-websocket";
import { WebSocket } from "ws";

globalThis.WebSocket ??= WebSocket;

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, v, i, all) => (i % 2 === 0 ? [...pairs, [v.replace(/^--/, ""), all[i + 1]]] : pairs), []),
);
const { url, room, label } = args;
let seed = Number(args.seed ?? 1) >>> 0;
/** A small deterministic generator (mulberry32), so a seed replays the same choices. */
function random() {
  seed = (seed + 0x6d2b79f5) >>> 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const pick = (list) => list[Math.floor(random() * list.length)];

const doc = new LoroDoc();

let counter = 0;
function ids(name) {
  const list = doc.getMovableList(name);
  const out = [];
  for (let i = 0; i < list.length; i++) {
    const entry = list.get(i);
    if (entry instanceof LoroMap) out.push(entry.get("id"));
  }
  return out;
}

function lanesOfKind(kind) {
  const list = doc.getMovableList("lanes");
  const out = [];
  for (let i = 0; i < list.length; i++) {
    const entry = list.get(i);
    if (entry instanceof LoroMap && entry.get("kind") === kind) out.push(entry.get("id"));
  }
  return out;
}

function edit() {
  const stages = ids("stages");
  const lanes = ids("lanes");
  const emotionLanes = lanesOfKind("emotion");
  const cards = doc.getMap("cards");
  const cardIds = cards.keys();
  const choice = random();
  if (choice < 0.35 && stages.length && lanes.length) {
    counter += 1;
    const card = cards.setContainer(`${label}-card-${counter}`, new LoroMap());
    card.setContainer("text", new LoroText()).insert(0, `${label} 卡片 ${counter}`);
    card.setContainer("tags", new LoroList());
    card.setContainer("links", new LoroList());
    card.set("color", "blue");
    card.set("department", "");
    card.set("confidence", "assumption");
    card.set("example", false);
    card.set("author", label);
    card.set("created_at", Date.now());
    card.set("placement", { stage: pick(stages), lane: pick(lanes), pos: `a${counter}x` });
  } else if (choice < 0.7 && cardIds.length) {
    const card = cards.get(pick(cardIds));
    const text = card instanceof LoroMap ? card.get("text") : undefined;
    // Retyping appends or prepends, so no one's earlier words are cut in two.
    if (text instanceof LoroText) text.insert(random() < 0.5 ? 0 : text.length, random() < 0.5 ? "改" : "x");
  } else if (choice < 0.85 && stages.length && emotionLanes.length) {
    const key = `${pick(stages)}:${pick(emotionLanes)}:${label}`;
    doc.getMap("emotions").set(key, Math.floor(random() * 5) - 2);
  } else if (stages.length > 1) {
    const list = doc.getMovableList("stages");
    list.move(Math.floor(random() * list.length), Math.floor(random() * list.length));
  }
  doc.commit();
}

// Commands are read from the first moment, before the client has joined, so none waits unread
// in the pipe: `dump` answers at any time (edits asked for before the join find no stages or
// lanes in the empty document yet and make nothing). Line events, not `for await`:
// the async iterator of readline could stop reading for good after the process was stopped and
// continued with a burst of lines waiting.
let client;
function quit() {
  client?.close();
  process.exit(0);
}
const lines = createInterface({ input: process.stdin });
lines.on("line", (line) => {
  const [command, n] = line.trim().split(" ");
  if (command === "edit") for (let i = 0; i < Number(n || 1); i++) edit();
  else if (command === "dump") {
    const bytes = doc.export({ mode: "snapshot" });
    process.stdout.write(`SNAPSHOT ${Buffer.from(bytes).toString("base64")}\n`);
  } else if (command === "quit") quit();
});
lines.on("close", quit);

// loro-websocket 0.6.2 forgets a first join whose socket closes before the answer (the host was
// killed in that moment): it neither sends it again on reconnect nor fails it, so `join` never
// settles. Once joined, its reconnects rejoin by themselves; until then a join that has not
// settled in a few seconds is abandoned and tried again with a fresh client, waiting longer each
// time.
let joinPatienceMs = 5000;
const settlesWithin = (promise, ms) =>
  new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(
      () => (clearTimeout(timer), resolve(true)),
      () => (clearTimeout(timer), resolve(false)),
    );
  });
for (;;) {
  client = new LoroWebsocketClient({
    url,
    pingIntervalMs: 2000,
    reconnect: { enabled: true, initialDelayMs: 100, maxDelayMs: 1000, maxAttempts: "infinite" },
  });
  const adaptor = new LoroAdaptor(doc);
  const joined = client.connect().then(() => client.join({ roomId: room, crdtAdaptor: adaptor }));
  if (await settlesWithin(joined, joinPatienceMs)) break;
  joined.catch(() => {});
  adaptor.destroy();
  client.close();
  // A host slow to answer on a loaded machine gets longer each time; a join refused at once is
  // not retried at full speed.
  joinPatienceMs = Math.min(joinPatienceMs * 2, 30_000);
  await new Promise((r) => setTimeout(r, 250));
}
