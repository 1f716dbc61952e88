// Vitest set-up shared by every UI test. A busy CI machine (two cores, a Rust build beside it) can
// take longer than Testing Library's default second to settle a state change, so the waits get
// five seconds; a test that passes waits no longer than it needs.
import { configure } from "@testing-library/react";

configure({ asyncUtilTimeout: 5000 });
