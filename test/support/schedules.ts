/** Staff hours and the on-call rota's hours from SCENARIOS.md, for the API tests. */

const NINE_TO_FIVE = [["09:00", "17:00"]];
const weekdays = (hours: string[][]) =>
  Object.fromEntries(["mon", "tue", "wed", "thu", "fri"].map((d) => [d, hours]));

/** 17:00–09:00 on weeknights and all weekend (Friday 17:00 to Monday 09:00). */
export const AFTER_HOURS_SPEC = {
  timeZone: "America/New_York",
  weekly: {
    mon: [
      ["00:00", "09:00"],
      ["17:00", "09:00"],
    ],
    tue: [["17:00", "09:00"]],
    wed: [["17:00", "09:00"]],
    thu: [["17:00", "09:00"]],
    fri: [["17:00", "24:00"]],
    sat: [["00:00", "24:00"]],
    sun: [["00:00", "24:00"]],
  },
};

export const HOURS = {
  rita: { timeZone: "America/New_York", weekly: weekdays(NINE_TO_FIVE) },
  colin: {
    timeZone: "America/New_York",
    weekly: { tue: NINE_TO_FIVE, wed: NINE_TO_FIVE, thu: NINE_TO_FIVE, fri: NINE_TO_FIVE },
  },
  pat: { timeZone: "America/New_York", weekly: weekdays([["12:00", "20:00"]]) },
  sam: { timeZone: "America/New_York", weekly: weekdays([["08:00", "16:00"]]) },
  maya: { timeZone: "America/New_York", weekly: weekdays(NINE_TO_FIVE) },
  owen: {
    timeZone: "America/New_York",
    weekly: { ...weekdays([["06:00", "20:00"]]), sat: [["06:00", "20:00"]] },
  },
  ravi: { timeZone: "America/New_York", weekly: weekdays(NINE_TO_FIVE) },
};
