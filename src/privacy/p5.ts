/*
 * Policy P5 "Private contact details" (SCENARIOS.md): staff private phone numbers, addresses and
 * the schedules of protected staff are never given to customers; exceptions: nobody.
 *
 * The words come from the workspace's policy catalog (the P5 version in effect: its customer
 * wording and rationale) when it has one; these constants answer for a workspace that has not
 * entered P5 in its catalog, so the desk never improvises.
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

/** The answer in the catalog's words (its P5 version in effect), naming the staff member asked for. */
export function answerFromCatalog(
  staffName: string,
  version: { name: string; customerWording: string; rationale: string },
): PolicyAnswer {
  const fallback = privateContactAnswer(staffName);
  return {
    ...fallback,
    policyName: version.name,
    // The catalog's words exactly: what the owner wrote is what every agent says.
    customerWording: version.customerWording.trim() || fallback.customerWording,
    rationale: version.rationale.trim() || fallback.rationale,
  };
}
