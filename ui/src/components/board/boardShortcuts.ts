// Every keyboard shortcut of the board, as the help dialog lists them (ShortcutsDialog.tsx): the
// board's keys (BoardKeys.ts), a card's (CardView.tsx), the card editor's (editor/cardKeys.ts) and
// undo/redo (hooks/useUndo.ts). Adding a key there means adding it here. Key names stay as printed
// on keyboards; the descriptions are i18n keys under `shortcuts`.

/**
 * One way to press it: keys held together, e.g. ["Alt", "←"]. A part starting with "shortcuts." is
 * an i18n key (a mouse gesture: "click", "double-click").
 */
export type Chord = readonly string[];

export interface Shortcut {
  /** Alternatives, any of which does it. */
  chords: readonly Chord[];
  /** i18n key of what it does. */
  does: string;
}

export interface ShortcutGroup {
  /** i18n key of the group's heading. */
  title: string;
  shortcuts: readonly Shortcut[];
}

/** Whether the person is on a Mac, where Ctrl is ⌘ and Alt is ⌥ (Option). */
export function onMac(platform = typeof navigator === "undefined" ? "" : navigator.platform) {
  return /mac|iphone|ipad/i.test(platform);
}

export function shortcutGroups(mac: boolean): ShortcutGroup[] {
  const mod = mac ? "⌘" : "Ctrl";
  const alt = mac ? "⌥" : "Alt";
  return [
    {
      title: "shortcuts.board",
      shortcuts: [
        { chords: [["←"], ["→"], ["↑"], ["↓"]], does: "shortcuts.moveFocus" },
        { chords: [["Enter"]], does: "shortcuts.enterCell" },
        { chords: [["Space"], ["shortcuts.click"]], does: "shortcuts.select" },
        { chords: [[mod, "F"]], does: "shortcuts.search" },
        { chords: [[mod, "Z"]], does: "shortcuts.undo" },
        { chords: [[mod, "Shift", "Z"], ...(mac ? [] : [["Ctrl", "Y"]])], does: "shortcuts.redo" },
        { chords: [["Esc"]], does: "shortcuts.clearSelection" },
        { chords: [["?"]], does: "shortcuts.help" },
      ],
    },
    {
      title: "shortcuts.card",
      shortcuts: [
        { chords: [["Enter"], ["shortcuts.doubleClick"]], does: "shortcuts.edit" },
        {
          chords: [
            ["Shift", "shortcuts.click"],
            [mod, "shortcuts.click"],
          ],
          does: "shortcuts.addToSelection",
        },
        { chords: [["Delete"], ["Backspace"]], does: "shortcuts.delete" },
        {
          chords: [
            [alt, "←"],
            [alt, "→"],
          ],
          does: "shortcuts.moveStage",
        },
        {
          chords: [
            [alt, "↑"],
            [alt, "↓"],
          ],
          does: "shortcuts.moveUpDown",
        },
        { chords: [["F6"]], does: "shortcuts.inspector" },
      ],
    },
    {
      title: "shortcuts.editing",
      shortcuts: [
        { chords: [["Enter"], ["Esc"]], does: "shortcuts.finish" },
        { chords: [["Shift", "Enter"]], does: "shortcuts.newLine" },
      ],
    },
  ];
}
