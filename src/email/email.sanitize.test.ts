import { describe, expect, it } from "vitest";
import { htmlForDisplay, safeStyle, sanitiseMailHtml } from "./email.sanitize.js";

const clean = (html: string) => sanitiseMailHtml(html).html;

describe("sanitiseMailHtml", () => {
  it.each([
    ["<script>alert(1)</script><p>hi</p>", "<p>hi</p>"],
    ['<p onclick="x()" onmouseover="y()">hi</p>', "<p>hi</p>"],
    ['<a href="javascript:alert(1)">x</a>', '<a target="_blank" rel="noopener noreferrer nofollow">x</a>'],
    [
      '<a href="https://acme.example/">x</a>',
      '<a href="https://acme.example/" target="_blank" rel="noopener noreferrer nofollow">x</a>',
    ],
    ['<iframe src="https://evil.example"></iframe><p>x</p>', "<p>x</p>"],
    ['<form action="https://evil.example"><input name="pw"></form>', ""],
    ["<style>body{background:url(https://evil.example/t.gif)}</style><p>x</p>", "<p>x</p>"],
    ['<object data="x.swf"></object><embed src="x.swf">', ""],
    ["<svg><script>alert(1)</script></svg>", ""],
    ['<img src="javascript:alert(1)">', "<img />"],
    ['<meta http-equiv="refresh" content="0;url=https://evil.example">', ""],
    ['<base href="https://evil.example/">', ""],
    ['<link rel="stylesheet" href="https://evil.example/x.css">', ""],
  ])("%s → %s", (input, output) => {
    expect(clean(input)).toBe(output);
  });

  it("holds remote images back, keeps data: and cid: ones", () => {
    const r = sanitiseMailHtml(
      '<img src="https://t.example/p.gif" alt="p"><img src="//t.example/q.gif"><img src="cid:logo@x"><img src="data:image/png;base64,AAAA">',
    );
    expect(r.remoteImages).toBe(2);
    expect(r.html).toBe(
      '<img alt="p" data-remote-src="https://t.example/p.gif" /><img data-remote-src="https://t.example/q.gif" /><img src="cid:logo@x" /><img src="data:image/png;base64,AAAA" />',
    );
  });

  it("a data-remote-src written by the sender is dropped from images that are not remote", () => {
    expect(clean('<img src="cid:a" data-remote-src="https://evil.example/x">')).toBe('<img src="cid:a" />');
  });

  it("styles keep what draws and lose what loads or runs", () => {
    expect(
      safeStyle("color: red; background: url(https://t.example/x.gif); width: expression(alert(1))"),
    ).toBe("color: red");
    expect(clean('<p style="background-image: url(//t.example/x); color: blue">x</p>')).toBe(
      '<p style="color:blue">x</p>',
    );
  });

  it("cuts very long HTML and says so", () => {
    const r = sanitiseMailHtml(`<p>${"a".repeat(1_100_000)}</p>`);
    expect(r.truncated).toBe(true);
    expect(r.html.length).toBeLessThan(1_000_100);
  });
});

describe("htmlForDisplay", () => {
  const stored = clean('<img src="cid:Logo@X"><img src="https://t.example/p.gif">');
  it("puts inline images in as data: URLs and leaves remote ones out", () => {
    const out = htmlForDisplay(stored, {
      inline: new Map([["logo@x", "data:image/png;base64,AAAA"]]),
      allowRemote: false,
    });
    expect(out).toBe(
      '<img src="data:image/png;base64,AAAA" /><img data-remote-src="https://t.example/p.gif" />',
    );
  });
  it("gives remote images their src back only when allowed", () => {
    const out = htmlForDisplay(stored, { inline: new Map(), allowRemote: true });
    expect(out).toBe('<img src="" /><img src="https://t.example/p.gif" />');
  });
});
