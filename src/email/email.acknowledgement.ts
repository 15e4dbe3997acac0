/*
 * HTML helpers for mail written as plain text. The acknowledgement itself is rendered by
 * src/promises/promises.acknowledgement.ts (one renderer for email, the portal and the preview).
 */

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

/** Plain text as HTML paragraphs (for the HTML part of a mail written as text). */
export function textToHtml(text: string): string {
  const paragraphs = text.split(/\n{2,}/).map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`);
  return `<!doctype html><html><body>${paragraphs.join("\n")}</body></html>`;
}
