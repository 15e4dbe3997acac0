import type { Actor } from "../auth/auth.rules.js";
import { listAgreements } from "../agreements/agreements.service.js";
import type { Deps } from "../deps.js";
import { createRota, setAgreementRota } from "../schedules/rotas.service.js";
import { setSchedule, setSkills } from "../schedules/schedules.service.js";
import {
  DEMO_HOURS,
  DEMO_ROTA,
  DEMO_SCHEDULE_HOLIDAYS,
  DEMO_SCHEDULE_ZONE,
  DEMO_SKILLS,
} from "./demo.data.js";

/** Loads everyone's hours and skills, the on-call rota and the agreement that pages it. */
export async function loadWhoIsIn(deps: Deps, system: Actor, staff: Map<string, string>): Promise<void> {
  const idOf = (key: string): string => {
    const id = staff.get(key);
    if (id === undefined) throw new Error(`demo data refers to unknown "${key}"`);
    return id;
  };
  for (const [key, { weekly }] of Object.entries(DEMO_HOURS)) {
    await setSchedule(deps, system, idOf(key), {
      timeZone: DEMO_SCHEDULE_ZONE,
      weekly,
      holidays: DEMO_SCHEDULE_HOLIDAYS,
    });
  }
  for (const [key, skills] of Object.entries(DEMO_SKILLS)) await setSkills(deps, system, idOf(key), skills);
  const { members, agreement, ...spec } = DEMO_ROTA;
  const rota = await createRota(deps, system, { ...spec, memberIds: members.map(idOf) });
  const paged = (await listAgreements(deps, system)).find((a) => a.name === agreement);
  if (!paged) throw new Error(`demo data refers to unknown agreement "${agreement}"`);
  await setAgreementRota(deps, system, paged.id, rota.id);
}
