import { useEffect, useState, type ReactNode } from "react";
import { api } from "../api";
import { formatDateTime, isNever } from "../format";
import type { Case, Page } from "../types";
import { promiseTone, spanWords, type Tone } from "./tone";
import { ToneBadge } from "./ToneBadge";
import type { CasePromise } from "./types";

/**
 * The promise each case's due time comes from (its earliest open, unpaused one), for a page of
 * cases in one request, so the queue colours a due time exactly as the case view does.
 */
export function useDuePromises(cases: readonly Case[]): Map<string, CasePromise> {
  const [found, setFound] = useState(() => new Map<string, CasePromise>());
  const ids = cases
    .filter((c) => !isNever(c.dueAt))
    .map((c) => c.id)
    .slice(0, 100)
    .join(",");
  useEffect(() => {
    if (!ids) {
      setFound(new Map());
      return;
    }
    let live = true;
    api.get<Page<CasePromise>>(`/api/promises?open=true&sort=due&limit=200&caseIds=${ids}`).then(
      (page) => {
        if (!live) return;
        const map = new Map<string, CasePromise>();
        // Soonest first, so the first running promise of a case is the one its due time shows.
        for (const p of page.items) if (p.pausedAt === null && !map.has(p.caseId)) map.set(p.caseId, p);
        setFound(map);
      },
      () => undefined, // The due time still shows, uncoloured, if this fails.
    );
    return () => {
      live = false;
    };
  }, [ids]);
  return found;
}

/** The queue's due column: when, the state in words, and the countdown. */
export function DueCell({
  item,
  promise,
  now,
}: {
  item: Case;
  promise: CasePromise | undefined;
  now: number;
}): ReactNode {
  if (isNever(item.dueAt) || !item.dueAt) return <span className="case-due">No promise</span>;
  const tone: Tone | undefined = promise
    ? promiseTone(promise, now)
    : now >= Date.parse(item.dueAt)
      ? "late"
      : undefined;
  const left = Date.parse(item.dueAt) - now;
  return (
    <span className="case-due due-cell">
      {tone && (
        <span className="due-state">
          <ToneBadge tone={tone} />
          <span className="small">{left > 0 ? `in ${spanWords(left)}` : `${spanWords(-left)} late`}</span>
        </span>
      )}
      <span className="due-when">Due {formatDateTime(item.dueAt)}</span>
    </span>
  );
}
