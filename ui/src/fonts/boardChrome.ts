// What the board's own controls draw as text, beside the map's: the symbols of buttons and badges
// (undo ↶, the theme ◐, a stage's menu ⋯, a lane's fold ▾, a dot ●, a ballot ○ ✓, the timer ⏱,
// the brainstorm ✎, channel marks ☎ ⌂ ▶), whose glyphs come from the shipped font slices like
// CJK text, and the labels of the toolbar and the save state, which a Chinese interface draws
// from slices the project list did not need. Both are preloaded with a map's first view
// (components/board/firstViewGlyphs.ts). boardChrome.test.ts reads every string of the UI's
// sources and fails on a symbol that is neither here nor listed there as drawn elsewhere, so a
// new icon cannot quietly bring back a slice that arrives after the board's first frame; the
// labels are checked by the e2e test of a first visit (tests/e2e/browser/chinese-text.spec.ts).

/** Every symbol the board, its toolbar, its cards and lanes, and the top bar may draw on opening. */
export const BOARD_CHROME_SYMBOLS = "›«»⏱✎↶↷◐☀☾⋯…▾▸−—½●○✓✕·⌂☎❝▶⚑";

/** The translation keys of the labels the board's toolbar and the top bar show with a map open. */
export const BOARD_CHROME_LABELS = [
  "save.saved",
  "save.saving",
  "actions.boardTab",
  "actions.tabCount",
  "parking.tabCount",
  "board.lane.add",
  "board.search.open",
  "board.examples.clear",
  "board.zoom.fit",
  "board.wall.enter",
  // The top bar's workshop chips: the brainstorm's and the voting's say what they are.
  "brainstorm.short",
  "voting.short",
  "voting.resultsShort",
  "timer.open",
] as const;
