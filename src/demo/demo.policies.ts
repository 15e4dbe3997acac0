/**
 * The demo workspace's policies P1–P5 (SCENARIOS.md), each with its rationale and the words to
 * say to a customer ("why we do the things we do"). Team grantors name a demo team by key; the
 * loader (src/policies/policies.demo.ts) turns keys into ids.
 */
import type { AuthorityLevel } from "../auth/auth.rules.js";
import type { PolicyLimit } from "../policies/policies.rules.js";

export type DemoGrantor = { kind: "level"; level: AuthorityLevel } | { kind: "team"; team: string };

export interface DemoPolicy {
  code: string;
  name: string;
  statement: string;
  rationale: string;
  customerWording: string;
  authority:
    { kind: "nobody" } | { kind: "tiers"; tiers: { grantor: DemoGrantor; maxExtra: number | null }[] };
  limit: PolicyLimit | null;
  evidenceRequired: string[];
}

export const DEMO_POLICIES: DemoPolicy[] = [
  {
    code: "P1",
    name: "Awards need proof",
    statement: "Awards are sold only with proof of earning.",
    rationale:
      "An award stands for something its holder earned. Selling awards without proof would let anyone " +
      "buy a title they did not earn, devalue it for everyone who did, and put our name on a fake.",
    customerWording:
      "We can only make awards when we have proof they were earned, such as a results sheet or a letter " +
      "from the organiser. As soon as we have that, we will make them for you.",
    authority: { kind: "nobody" },
    limit: null,
    evidenceRequired: ["Proof of earning"],
  },
  {
    code: "P2",
    name: "Breakfast vouchers",
    statement: "Two breakfast vouchers per room per night.",
    rationale:
      "Breakfast for two is costed into the room rate. Extra vouchers are a real cost to the kitchen: a " +
      "supervisor can judge a small gesture, a larger one is a manager's call so guests are treated alike.",
    customerWording:
      "Each room comes with two breakfast vouchers per night, for the two guests breakfast is planned for.",
    authority: {
      kind: "tiers",
      tiers: [
        { grantor: { kind: "level", level: "supervisor" }, maxExtra: 2 },
        { grantor: { kind: "level", level: "manager" }, maxExtra: null },
      ],
    },
    limit: { measure: "quantity", max: 2, unit: "voucher", per: "per room per night" },
    evidenceRequired: [],
  },
  {
    code: "P3",
    name: "Meal comps",
    statement: "Comp a meal only if less than half of it was eaten.",
    rationale:
      "A comp makes up for a meal that failed the guest. A meal mostly eaten was mostly enjoyed; comping it " +
      "anyway is a manager's decision, so that comps stay a remedy and not a discount.",
    customerWording:
      "We take back a meal that was not right as long as most of it is left, so that we can put it right for you.",
    authority: { kind: "tiers", tiers: [{ grantor: { kind: "level", level: "manager" }, maxExtra: null }] },
    limit: { measure: "amount", maxMinor: null, currency: "USD", per: "per meal" },
    evidenceRequired: ["Less than half eaten"],
  },
  {
    code: "P4",
    name: "New-customer pricing",
    statement: "The new-customer price is only for new customers.",
    rationale:
      "The new-customer price is an introductory offer we fund to win new business; giving it to everyone would " +
      "make it our normal price. Keeping a loyal customer is worth something too, so Retention may match part of it.",
    customerWording:
      "The new-customer price is an introductory offer for first-time customers; it is how we welcome someone new.",
    authority: {
      kind: "tiers",
      tiers: [
        { grantor: { kind: "team", team: "retention" }, maxExtra: 3500 },
        { grantor: { kind: "level", level: "manager" }, maxExtra: null },
      ],
    },
    limit: { measure: "amount", maxMinor: null, currency: "USD", per: "a month" },
    evidenceRequired: ["New customer"],
  },
  {
    code: "P5",
    name: "Private contact details",
    statement:
      "Staff private phone numbers, addresses and the schedules of protected staff are never given to customers.",
    rationale:
      "Our people are entitled to a life outside work and to their safety. A customer who needs someone gets the " +
      "desk, which always knows who can help now and when the person they asked for is next in.",
    customerWording:
      "I can't share our staff's personal contact details, but I can take a message or find someone who can help you right now.",
    authority: { kind: "nobody" },
    limit: { measure: "quantity", max: 0, unit: "private detail", per: null },
    evidenceRequired: [],
  },
];

/** Cases with earlier decisions, so precedents show something on first start, and S3's open case. */
export const DEMO_POLICY_CASES = {
  history: [
    {
      subject: "Room 7: three guests want a breakfast voucher each",
      policy: "P2",
      quantity: 3,
      decision: { by: "sam", outcome: "grant" as const, reason: "Three guests in one room, all staying." },
      action: "Issue 3 breakfast vouchers for room 7",
    },
    {
      subject: "Room 15: four breakfast vouchers for visiting family",
      policy: "P2",
      quantity: 4,
      decision: {
        by: "sam",
        outcome: "refuse" as const,
        reason: "The visitors are not staying in the room; breakfast can be bought at the counter.",
      },
      action: null,
    },
    {
      subject: "Award plaques for the league, results not in yet",
      policy: "P1",
      quantity: null,
      decision: null,
      action: null,
    },
  ],
  /** S3 by hand: the agent asks for 4 vouchers on this case. */
  open: {
    subject: "Room 12: family of four asks for 4 breakfast vouchers",
    description: "Two adults, two children in room 12 for two nights; asks for breakfast for all four.",
  },
};
