// Every stylesheet of the UI, imported here and nowhere else, in cascade order: each sheet after the
// ones whose rules stood before its own when they were one file, so that of two rules of the same
// specificity for one element the later still wins. A rule meant to override another sheet's goes
// in a sheet imported after that one. (startup/startup.css comes after all of these: main.tsx
// imports this module before the start-up screen.)
import "./base.css";
import "./components/shell/shell.css";
import "./components/catalog/catalog.css";
import "./components/personas/personas.css";
import "./components/board/board.css";
import "./components/lanes/lanes.css";
import "./components/cards/cards.css";
import "./components/inspector/inspector.css";
import "./components/actions/actions.css";
import "./components/parking/parking.css";
import "./components/versions/versions.css";
import "./editor/editor.css";
import "./workshop/hosting/hosting.css";
import "./workshop/participant/participant.css";
import "./presence/presence.css";
import "./components/timer/timer.css";
import "./components/restore/restore.css";
import "./small-screens.css";
