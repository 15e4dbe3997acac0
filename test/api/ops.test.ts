import { expect, it } from "vitest";
import { eachDialect, useTestApp } from "../support/harness.js";

eachDialect("operations endpoints", (dialect) => {
  const t = useTestApp(dialect);

  it("answers health and readiness with the store in use", async () => {
    expect((await t.request({ method: "GET", url: "/health" })).body).toEqual({ status: "ok" });
    expect((await t.request({ method: "GET", url: "/ready" })).body).toEqual({
      status: "ready",
      database: dialect,
    });
  });

  it("exposes Prometheus metrics labelled by route pattern, not by URL", async () => {
    await t.request({ method: "GET", url: "/api/cases/00000000-0000-7000-8000-000000000000" });
    const res = await t.request({ method: "GET", url: "/metrics" });
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toContain("text/plain");
    expect(res.text).toContain(
      'frontdesk_http_request_duration_seconds_count{method="GET",route="/api/cases/:id",status="401"}',
    );
    expect(res.text).not.toContain("00000000-0000-7000");
  });

  it("publishes an OpenAPI document and a docs page", async () => {
    const doc = await t.request({ method: "GET", url: "/openapi.json" });
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toBe("3.1.0");
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining(["/api/cases", "/api/cases/{id}", "/api/staff", "/api/search"]),
    );
    const docs = await t.request({ method: "GET", url: "/docs/" });
    expect(docs.status).toBe(200);
    expect(docs.text).toContain("<html");
  });

  it("answers an unknown route with a not-found problem", async () => {
    const res = await t.request({ method: "GET", url: "/api/nothing-here" });
    expect(res.status).toBe(404);
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.body.type).toBe("https://frontdesk.dev/problems/not-found");
  });
});
