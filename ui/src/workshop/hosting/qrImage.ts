// The host's QR code (an SVG string) shown as an <img> from a data: URL instead of inserted markup:
// an image cannot run scripts, load other resources or touch the page, whatever the string holds.

/** A data: URL for the SVG, or null when the host sent no usable SVG (a link too long for a QR). */
export function qrImageSource(svg: string): string | null {
  if (!/<svg[\s>]/i.test(svg)) return null;
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
}
