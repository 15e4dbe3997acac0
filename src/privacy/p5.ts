/*
 * Policy P5 "Private contact details" (SCENARIOS.md): staff private phone numbers, addresses and
 * the schedules of protected staff are never given to customers; exceptions: nobody.
 *
 * The policy catalog (issue 6) is built elsewhere at the same time. Until it lands, this one
 * function is where the desk's P5 answer comes from; after the merge it should read the catalog's
 * current P5 version (statement, rationale, customer wording) instead of these constants.
 */

export const P5_CODE = "P5";
export const P5_NAME = "Private contact details";

export interface PolicyAnswer {
  policy: string;
  policyName: string;
  /** What the customer is told. */
  customerWording: string;
  /** Why we do it, for the staff member saying it. */
  rationale: string;
  /** P5 allows no exceptions. */
  exceptionsAllowed: false;
}

/** The desk's answer when a customer asks for a staff member's private number, address or hours. */
export function privateContactAnswer(staffName: string): PolicyAnswer {
  return {
    policy: P5_CODE,
    policyName: P5_NAME,
    customerWording:
      `I can't give out ${staffName}'s personal contact details — we never share staff members' ` +
      `private numbers or addresses. I can take a message and ${staffName} will get back to you, ` +
      `or I can help you myself.`,
    rationale:
      "Staff have private lives: their personal numbers, addresses and, for protected staff, their " +
      "hours stay private so they can rest off duty and stay safe. The desk always offers a message " +
      "or someone on duty instead.",
    exceptionsAllowed: false,
  };
}
