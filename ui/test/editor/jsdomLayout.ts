// jsdom has no layout: CodeMirror's measuring asks ranges for rectangles, which jsdom lacks. Import
// this module before creating an editor in a test.
if (typeof Range !== "undefined" && !Range.prototype.getClientRects) {
  Range.prototype.getClientRects = () => [] as unknown as DOMRectList;
  Range.prototype.getBoundingClientRect = () => new DOMRect();
}
