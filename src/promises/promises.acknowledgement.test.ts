import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  acknowledgedLines,
  acknowledgementFor,
  escapeHtml,
  type AcknowledgedPromise,
  type AcknowledgementInput,
} from "./promises.acknowledgement.js";

const reply = (dueAt: string, extra: Partial<AcknowledgedPromise> = {}): AcknowledgedPromise => ({
  kind: "reply_by",
  target: "first_reply",
  description: "First reply",
  dueAt,
  status: "open",
  pausedAt: null,
  ...extra,
});

const base: AcknowledgementInput = {
  caseNumber: 1042,
  subject: "Where is my order?",
  customerName: "Dan Okafor",
  senderName: "Harbor Print & Ship",
  timeZone: "America/New_York",
  promises: [],
};

describe("the acknowledgement a customer receives", () => {
  it("states every open promise in the customer's terms, soonest first", () => {
    const ack = acknowledgementFor({
      ...base,
      promises: [
        {
          kind: "custom",
          target: "resolution",
          description: "Resolution",
          dueAt: "2026-12-10T15:30:00.000Z",
          status: "open",
          pausedAt: null,
        },
        reply("2026-12-08T15:30:00.000Z"),
        reply("2026-12-07T12:00:00.000Z", { status: "kept" }),
      ],
    });
    expect(ack.subject).toBe("[#1042] We received your request: Where is my order?");
    expect(ack.promiseLines).toEqual([
      "We will reply by Tue 8 Dec, 10:30 (New York time).",
      "We will resolve this by Thu 10 Dec, 10:30 (New York time).",
    ]);
    expect(ack.text).toBe(
      [
        "Hello Dan Okafor,",
        "",
        "We received your request #1042, “Where is my order?”.",
        "",
        "We will reply by Tue 8 Dec, 10:30 (New York time).",
        "We will resolve this by Thu 10 Dec, 10:30 (New York time).",
        "",
        "Please quote #1042 whenever you contact us about this.",
        "",
        "Harbor Print & Ship",
      ].join("\n"),
    );
    expect(ack.html).toContain("<li>We will reply by Tue 8 Dec, 10:30 (New York time).</li>");
    expect(ack.html).toContain("<p>Harbor Print &amp; Ship</p>");
  });

  it("reads the same instant on both sides of a DST change in the zone's own time", () => {
    // 14:30Z is 09:30 EST on Fri 6 Mar 2026 and 10:30 EDT on Mon 9 Mar (DST began Sun 8 Mar).
    expect(
      acknowledgedLines(
        [reply("2026-03-06T14:30:00.000Z"), reply("2026-03-09T14:30:00.000Z", { target: "next_reply" })],
        "America/New_York",
      ),
    ).toEqual([
      "We will reply by Fri 6 Mar, 09:30 (New York time).",
      "We will reply by Mon 9 Mar, 10:30 (New York time).",
    ]);
    // Autumn: 01:30 on Sun 1 Nov 2026 happens twice in New York (05:30Z in EDT, 06:30Z in EST).
    // Both promises read the same to the customer, so the sentence is said once.
    expect(
      acknowledgedLines(
        [reply("2026-11-01T05:30:00.000Z"), reply("2026-11-01T06:30:00.000Z", { target: "next_reply" })],
        "America/New_York",
      ),
    ).toEqual(["We will reply by Sun 1 Nov, 01:30 (New York time)."]);
    expect(acknowledgedLines([reply("2026-11-02T14:30:00.000Z")], "America/New_York")).toEqual([
      "We will reply by Mon 2 Nov, 09:30 (New York time).",
    ]);
  });

  it("writes the times in another customer's zone when asked", () => {
    const ack = acknowledgementFor({
      ...base,
      timeZone: "Europe/London",
      promises: [reply("2026-12-08T15:30:00.000Z")],
    });
    expect(ack.promiseLines).toEqual(["We will reply by Tue 8 Dec, 15:30 (London time)."]);
    expect(acknowledgedLines([reply("2026-12-08T15:30:00.000Z")], "Asia/Kolkata")).toEqual([
      "We will reply by Tue 8 Dec, 21:00 (Kolkata time).",
    ]);
  });

  it("says what a promise a person entered is, and waits openly on the customer", () => {
    const lines = acknowledgedLines(
      [
        {
          kind: "custom",
          target: null,
          description: "Check with the warehouse.",
          dueAt: "2026-12-07T20:00:00.000Z",
          status: "open",
          pausedAt: null,
        },
        reply("2026-12-07T19:30:00.000Z", { pausedAt: "2026-12-07T16:00:00.000Z" }),
        {
          kind: "appointment_at",
          target: null,
          description: "",
          dueAt: "2026-12-09T15:00:00.000Z",
          status: "open",
          pausedAt: null,
        },
      ],
      "America/New_York",
    );
    expect(lines).toEqual([
      "Check with the warehouse: we will get back to you by Mon 7 Dec, 15:00 (New York time).",
      "Your appointment is on Wed 9 Dec, 10:00 (New York time).",
      "We are waiting for your answer; we will reply as soon as we have it.",
    ]);
  });

  it("promises no time it does not have, greets without a name, and keeps the subject on one line", () => {
    const ack = acknowledgementFor({ ...base, customerName: null, subject: "Broken\r\nBcc: x@y.example" });
    expect(ack.promiseLines).toEqual([]);
    expect(ack.text.split("\n")[0]).toBe("Hello,");
    expect(ack.text).toContain("We will get back to you as soon as we can.");
    expect(ack.subject).toBe("[#1042] We received your request: Broken Bcc: x@y.example");
    expect(ack.subject).not.toMatch(/[\r\n]/);
  });

  it("escapes every value in the HTML", () => {
    const ack = acknowledgementFor({
      ...base,
      customerName: `<img src=x onerror="alert(1)">`,
      subject: `Fish & chips <script>alert('x')</script>`,
      promises: [
        {
          kind: "custom",
          target: null,
          description: "<b>Call</b> & check",
          dueAt: "2026-12-07T20:00:00.000Z",
          status: "open",
          pausedAt: null,
        },
      ],
    });
    expect(ack.html).not.toMatch(/<img|<script|<b>/);
    expect(ack.html).toContain("Hello &lt;img src=x onerror=&quot;alert(1)&quot;&gt;,");
    expect(ack.html).toContain("Fish &amp; chips &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(ack.html).toContain("&lt;b&gt;Call&lt;/b&gt; &amp; check: we will get back");
    // The text form is plain text: nothing is escaped there.
    expect(ack.text).toContain(`Fish & chips <script>`);
  });

  it("HTML escaping leaves no markup characters from any text", () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = escapeHtml(s);
        expect(out).not.toMatch(/[<>"']/);
        expect(out.replace(/&(amp|lt|gt|quot|#39);/g, "")).not.toContain("&");
      }),
    );
  });
});
