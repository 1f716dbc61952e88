// Where the desktop tests find the app and the command line (both built by `make test`).
import { join } from "node:path";
import { repoRoot } from "./host";

export const desktopBin = process.env.WAYLINE_DESKTOP_BIN ?? join(repoRoot, "target/debug/wayline-desktop");
export const cliBin = join(repoRoot, "target/debug/wayline");
