import { describe, expect, it } from "vitest";
import { entryHash, findBreak, genesisHash, type StoredAuditEntry } from "./audit.rules.js";

function chain(n: number, workspaceId = "ws-1"): StoredAuditEntry[] {
  const out: StoredAuditEntry[] = [];
  let prev = genesisHash(workspaceId);
  for (let seq = 1; seq <= n; seq++) {
    const fields = {
      workspaceId,
      seq,
      at: `2026-12-07T15:30:0${seq % 10}.000Z`,
      actorKind: "staff",
      actorId: "s-1",
      action: "case.updated",
      subjectKind: "case",
      subjectId: `c-${seq}`,
      data: JSON.stringify({ n: seq }),
      prevHash: prev,
    };
    const hash = entryHash(fields);
    out.push({ ...fields, id: `e-${seq}`, hash });
    prev = hash;
  }
  return out;
}

describe("audit chain rules", () => {
  it("accepts an intact chain", () => {
    expect(findBreak(chain(5), genesisHash("ws-1"), 1)).toBeUndefined();
  });

  it("finds an edited entry by its content hash", () => {
    const c = chain(5);
    c[2] = { ...c[2]!, data: JSON.stringify({ n: 999 }) };
    expect(findBreak(c, genesisHash("ws-1"), 1)).toMatchObject({ seq: 3, id: "e-3" });
  });

  it("finds an entry whose hash was recomputed after an edit by the next link", () => {
    const c = chain(5);
    const edited = { ...c[1]!, action: "case.deleted" };
    c[1] = { ...edited, hash: entryHash(edited) };
    expect(findBreak(c, genesisHash("ws-1"), 1)).toMatchObject({
      seq: 3,
      reason: expect.stringContaining("link"),
    });
  });

  it("finds a removed entry by the gap in sequence numbers", () => {
    const c = chain(5);
    c.splice(3, 1);
    expect(findBreak(c, genesisHash("ws-1"), 1)).toMatchObject({ seq: 4, id: null });
  });

  it("ties each chain to its workspace", () => {
    expect(findBreak(chain(3, "ws-1"), genesisHash("ws-2"), 1)).toMatchObject({ seq: 1 });
  });
});
