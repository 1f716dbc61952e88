// Reading a box or a scroll position costs nothing once the browser has laid the page out, and a
// whole layout when something changed since. A frame callback runs *before* the frame's own
// layout, so a read there lays the page out early (at the board's first render: the whole board,
// once more). A task queued from the frame callback runs after that frame is laid out and
// painted, when the page is clean.

/** Runs `read` after the next frame is laid out and painted; returns a cancel function. */
export function afterNextFrame(read: () => void): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const frame = requestAnimationFrame(() => {
    timer = setTimeout(read, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    if (timer !== undefined) clearTimeout(timer);
  };
}
