import sanitizeHtml from "sanitize-html";

/*
 * Mail HTML as the desk keeps and shows it. Defence in depth: this allow-list removes scripts,
 * event handlers, forms, frames, styles that load anything, and every remote image (kept aside
 * in data-remote-src until the reader allows them); the route that serves the HTML adds a CSP
 * sandbox that forbids scripts and remote loads again (email.routes.ts).
 */

/** HTML longer than this is cut before sanitising (the raw message keeps all of it). */
export const HTML_MAX_CHARS = 1_000_000;

const TAGS = [
  ...sanitizeHtml.defaults.allowedTags,
  "img",
  "font",
  "center",
  "span",
  "div",
  "u",
  "s",
  "strike",
  "small",
  "big",
  "hr",
  "br",
];

const LAYOUT = ["align", "valign", "width", "height", "bgcolor", "color", "border", "dir", "lang", "style"];

/** Declarations that fetch or run something: url(), expression(), behaviours, bindings, imports. */
const UNSAFE_STYLE =
  /url\s*\(|expression\s*\(|javascript:|vbscript:|@import|behaviou?r\s*:|-moz-binding|image-set\s*\(/i;

/** A style attribute without the declarations that could load or run anything. */
export function safeStyle(style: string): string {
  return style
    .split(";")
    .map((d) => d.trim())
    .filter((d) => d.length > 0 && !UNSAFE_STYLE.test(d) && !/[<>\\]/.test(d))
    .join("; ");
}

function isRemote(src: string): boolean {
  return /^\s*(https?:)?\/\//i.test(src);
}

export interface SanitisedHtml {
  html: string;
  /** How many remote images were held back. */
  remoteImages: number;
  /** Whether the input was cut at HTML_MAX_CHARS. */
  truncated: boolean;
}

/** Sanitises mail HTML for storage and display. Pure; the same input always gives the same output. */
export function sanitiseMailHtml(input: string): SanitisedHtml {
  const truncated = input.length > HTML_MAX_CHARS;
  let remoteImages = 0;
  const html = sanitizeHtml(truncated ? input.slice(0, HTML_MAX_CHARS) : input, {
    allowedTags: TAGS,
    allowedAttributes: {
      "*": LAYOUT,
      a: ["href", "name", "title", "target", "rel"],
      img: ["src", "alt", "title", "width", "height", "data-remote-src"],
      td: [...LAYOUT, "colspan", "rowspan", "nowrap"],
      th: [...LAYOUT, "colspan", "rowspan", "nowrap", "scope"],
      table: [...LAYOUT, "cellpadding", "cellspacing", "summary"],
      font: [...LAYOUT, "face", "size"],
      ol: ["start", "type", ...LAYOUT],
      li: ["value", ...LAYOUT],
    },
    allowedSchemes: ["http", "https", "mailto", "tel"],
    // Images: data: (inline, already in the mail) and cid: (parts of this mail); remote ones are
    // moved aside by transformTags below before this check runs.
    allowedSchemesByTag: { img: ["data", "cid"] },
    allowProtocolRelative: false,
    disallowedTagsMode: "discard",
    enforceHtmlBoundary: true,
    transformTags: {
      "*": (tagName, attribs) => {
        const next = { ...attribs };
        if (next.style !== undefined) {
          const style = safeStyle(next.style);
          if (style.length > 0) next.style = style;
          else delete next.style;
        }
        return { tagName, attribs: next };
      },
      a: (tagName, attribs) => ({
        tagName,
        attribs: { ...attribs, target: "_blank", rel: "noopener noreferrer nofollow" },
      }),
      img: (tagName, attribs) => {
        const { src, ...rest } = attribs;
        if (src !== undefined && isRemote(src)) {
          remoteImages += 1;
          const url = src.trim().startsWith("//") ? `https:${src.trim()}` : src.trim();
          return { tagName, attribs: { ...rest, "data-remote-src": url } };
        }
        const kept: Record<string, string> = { ...rest };
        delete kept["data-remote-src"];
        return { tagName, attribs: src === undefined ? kept : { ...kept, src } };
      },
    },
  });
  return { html, remoteImages, truncated };
}

/**
 * The stored HTML made ready to show: `cid:` images become the given data: URLs (or disappear),
 * and, only when the reader allowed it, remote images get their src back.
 */
export function htmlForDisplay(
  html: string,
  opts: { inline: ReadonlyMap<string, string>; allowRemote: boolean },
): string {
  let out = html.replace(/(<img\b[^>]*?\ssrc=")cid:([^"]*)"/gi, (_m, head: string, cid: string) => {
    const url = opts.inline.get(decodeHtmlAttr(cid).trim().toLowerCase());
    return url ? `${head}${url}"` : `${head}"`;
  });
  if (opts.allowRemote) {
    out = out.replace(/(<img\b[^>]*?\s)data-remote-src="(https?:[^"]*)"/gi, '$1src="$2"');
  }
  return out;
}

function decodeHtmlAttr(value: string): string {
  return value
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}
