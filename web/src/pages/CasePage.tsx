import { useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { api, messageOf } from "../api";
import { CaseActions } from "../components/case/CaseActions";
import { Attempts } from "../components/case/Attempts";
import { Composer } from "../components/case/Composer";
import { Promises } from "../components/case/Promises";
import { AppointmentPanel } from "../components/appointments/AppointmentPanel";
import { SidePanel } from "../components/case/SidePanel";
import { Timeline } from "../components/case/Timeline";
import { LiveNotice, PresenceNote, describeChange, type Notice } from "../components/case/Live";

import { PolicyPanel } from "../components/policy/PolicyPanel";
import { EscalatePanel } from "../components/escalation/EscalatePanel";
import { HandoverBanner } from "../components/escalation/HandoverBanner";
import { ErrorMessage, Loading, PriorityBadge, StatusBadge } from "../components/ui";
import { formatDateTime, humanize, isNever } from "../format";
import { useGet } from "../hooks";
import { useEventStream, usePresence, type Present } from "../live";
import { staffName, teamName, useSession } from "../session";
import type { Case, Entry, Page } from "../types";

export default function CasePage({ number }: { number: number }): ReactNode {
  const state = useSession();
  const found = useGet<Case>(`/api/cases/by-number/${number}`);
  const [item, setItem] = useState<Case | undefined>(undefined);
  const [entries, setEntries] = useState<Entry[] | undefined>(undefined);
  const [entriesError, setEntriesError] = useState<string | undefined>(undefined);
  // Bumped after every change on the page, so the promise panel reloads what the change did.
  const [changes, setChanges] = useState(0);

  useEffect(() => {
    if (found.data) setItem(found.data);
  }, [found.data]);

  const caseId = item?.id;
  const entriesRead = useRef(0);
  const loadEntries = useCallback(async (): Promise<void> => {
    if (!caseId) return;
    // Reads may overlap (a live event and one's own change); only the latest one is shown.
    const read = ++entriesRead.current;
    try {
      const all: Entry[] = [];
      let cursor: string | null = null;
      // Timelines are short; read them whole (200 a page) so nothing is silently left out.
      do {
        const page: Page<Entry> = await api.get<Page<Entry>>(
          `/api/cases/${caseId}/entries?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`,
        );
        all.push(...page.items);
        cursor = page.nextCursor;
      } while (cursor);
      if (read !== entriesRead.current) return;
      setEntries(all);
      setEntriesError(undefined);
    } catch (err) {
      if (read === entriesRead.current) setEntriesError(messageOf(err));
    }
  }, [caseId]);

  useEffect(() => {
    void loadEntries();
  }, [loadEntries]);

  /** After a change: the case (status may move) and the timeline (events) both refresh. */
  const changed = useCallback(
    async (next?: Case): Promise<void> => {
      if (next) setItem(next);
      else if (caseId) setItem(await api.get<Case>(`/api/cases/${caseId}`));
      setChanges((n) => n + 1);
      await loadEntries();
    },
    [caseId, loadEntries],
  );

  // Live: someone else's change re-reads the case, timeline and attempts in place (what the
  // reader is typing stays, nothing jumps) and says so in a polite live region.
  const me = state.session.staffId;
  const [attemptsKey, setAttemptsKey] = useState(0);
  const [notice, setNotice] = useState<Notice | undefined>(undefined);
  const [present, setPresent] = useState<Present[]>([]);
  const presence = usePresence(caseId);
  const refresh = useRef<number | undefined>(undefined);
  const refreshSoon = useCallback(
    (announce?: string): void => {
      // One burst of events (a reply and the promises it kept) is one re-read.
      window.clearTimeout(refresh.current);
      refresh.current = window.setTimeout(() => {
        void changed().then(() => {
          setAttemptsKey((k) => k + 1);
          if (announce) setNotice((n) => ({ text: announce, seq: (n?.seq ?? 0) + 1 }));
        });
      }, 150);
    },
    [changed],
  );
  useEffect(
    () => () => {
      window.clearTimeout(refresh.current);
    },
    [],
  );
  useEventStream(caseId ? `/api/cases/${caseId}/events` : null, {
    onChange: (change) => {
      refreshSoon(change.actorStaffId === me ? undefined : describeChange(state, change));
    },
    onPresence: (people) => {
      setPresent(people.filter((p) => p.staffId !== me));
    },
    onResync: () => {
      refreshSoon();
    },
  });

  if (!item) {
    return (
      <section className="page" aria-labelledby="case-title">
        <p className="back">
          <a href="#/">← Back to the queue</a>
        </p>
        <h1 id="case-title">Case #{number}</h1>
        {found.error ? (
          <ErrorMessage message={found.error} onRetry={found.reload} />
        ) : (
          <Loading label="Loading the case…" lines={6} />
        )}
      </section>
    );
  }

  const who = item.assigneeId ? staffName(state, item.assigneeId) : "Unassigned";
  return (
    <section className="page case" aria-labelledby="case-title">
      <header className="case-head">
        <p className="back">
          <a href="#/">← Back to the queue</a>
        </p>
        <h1 id="case-title">
          <span className="case-number">#{item.number}</span> {item.subject}
        </h1>
        <dl className="case-facts">
          <div>
            <dt>Status</dt>
            <dd>
              <StatusBadge status={item.status} />
            </dd>
          </div>
          <div>
            <dt>Priority</dt>
            <dd>
              <PriorityBadge priority={item.priority} />
              {item.priorityReason && <span className="reason"> ({humanize(item.priorityReason)})</span>}
            </dd>
          </div>
          <div>
            <dt>Channel</dt>
            <dd>{humanize(item.channel)}</dd>
          </div>
          <div>
            <dt>Assignee</dt>
            <dd>
              {who}
              {item.teamId && <span className="muted"> · {teamName(state, item.teamId)}</span>}
            </dd>
          </div>
          <div>
            <dt>Due</dt>
            <dd>{isNever(item.dueAt) ? "No promise yet" : formatDateTime(item.dueAt)}</dd>
          </div>
          <div>
            <dt>Opened</dt>
            <dd>{formatDateTime(item.createdAt)}</dd>
          </div>
        </dl>
      </header>
      <HandoverBanner key={item.handover?.id ?? "none"} item={item} onChanged={() => changed()} />
      <div className="case-layout">
        <div className="case-main">
          <Composer
            item={item}
            onAdded={() => changed()}
            onTyping={presence.typing}
            onIdle={presence.stopTyping}
            presence={<PresenceNote people={present} />}
          />
          <Timeline entries={entries} error={entriesError} onRetry={() => void loadEntries()} />
        </div>
        <aside className="case-side" aria-label="Case details">
          <Promises item={item} refreshKey={changes} onChanged={() => changed()} />
          <AppointmentPanel item={item} refreshKey={changes} onChanged={() => changed()} />
          <CaseActions item={item} onChanged={(next) => changed(next)} />
          <EscalatePanel item={item} onChanged={() => changed()} />
          <Attempts caseId={item.id} onAdded={() => changed()} refreshKey={attemptsKey} />
          <PolicyPanel caseId={item.id} onChanged={() => changed()} />
          <SidePanel item={item} />
        </aside>
      </div>
      <LiveNotice
        notice={notice}
        onDone={() => {
          setNotice(undefined);
        }}
      />
    </section>
  );
}
