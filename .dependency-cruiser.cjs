/**
 * The Worker's floor plan, checked by `npm test` (`npm run check:imports` runs `depcruise`).
 *
 * worker/<capability>/   one folder per capability: routes with their OpenAPI operations, schemas,
 *                        logic, store, tests, and one door (index.ts; host-scheduler/client.ts)
 * worker/http/           auth, idempotency, rate limits, validation, errors on the wire, page shell
 * worker/domain/         pure rules and the wire types
 * worker/db/             the schema and D1 access
 * worker/lib/            small helpers that know nothing of bookings
 *
 * Imports run downward only: entry → capabilities → http → domain → db → lib. A capability reaches
 * another only through its door. Tests may reach anything; nothing else reaches tests or fakes.
 */
const CAPABILITIES = "(booking-api|booking-types|bookings|calendars|host-scheduler|hosts|manage|openapi|pages|tokens|webhooks)";
const TESTS = ["\\.test\\.tsx?$", "^worker/test/"];

/** `from` may not import any of `floors` (worker/<floor>/ paths). */
function below(name, from, floors, comment) {
  return { name, comment, severity: "error", from: { path: `^worker/${from}/`, pathNot: TESTS }, to: { path: `^worker/(${floors.join("|")})/` } };
}

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "A cycle of runtime imports: module evaluation order then decides what is undefined. Type-only imports may loop.",
      severity: "error",
      from: {},
      to: { circular: true, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "through-the-door",
      comment: "Another capability is reached only through its index.ts (host-scheduler: client.ts).",
      severity: "error",
      from: { path: `^worker/${CAPABILITIES}/`, pathNot: TESTS },
      to: { path: `^worker/${CAPABILITIES}/`, pathNot: ["^worker/$1/", "^worker/[^/]+/index\\.ts$", "^worker/host-scheduler/client\\.ts$"] },
    },
    {
      name: "entry-through-the-door",
      comment: "The app and the entry mount capabilities through their doors; the entry also exports the Durable Object classes to the runtime.",
      severity: "error",
      from: { path: "^worker/[^/]+\\.ts$", pathNot: TESTS },
      to: {
        path: `^worker/${CAPABILITIES}/`,
        pathNot: [
          "^worker/[^/]+/index\\.ts$",
          "^worker/host-scheduler/client\\.ts$",
          "^worker/host-scheduler/host-scheduler\\.ts$",
          "^worker/webhooks/dispatcher\\.ts$",
        ],
      },
    },
    {
      name: "floors-know-no-capability",
      comment: "http, domain, db and lib serve every capability and name none.",
      severity: "error",
      from: { path: "^worker/(http|domain|db|lib)/", pathNot: TESTS },
      to: { path: [`^worker/${CAPABILITIES}/`, "^worker/[^/]+\\.ts$"] },
    },
    below("http-above-domain", "domain", ["http"], "domain holds pure rules: no HTTP."),
    below("db-above-domain", "db", ["http", "domain"], "db stores rows; rules about them live in domain."),
    below("lib-at-the-bottom", "lib", ["http", "domain", "db"], "lib knows nothing of bookings."),
    {
      name: "no-tests-in-product",
      comment: "Product code never imports a test or a test helper.",
      severity: "error",
      from: { path: "^(worker|widget)/", pathNot: TESTS },
      to: { path: TESTS },
    },
    {
      name: "no-fakes-in-product",
      comment: "Fakes of outside services are for tests, e2e and the local demo only.",
      severity: "error",
      from: { path: "^(worker|widget)/", pathNot: TESTS },
      to: { path: "^fakes/" },
    },
    {
      name: "widget-takes-types-and-days-only",
      comment: "Anything else from worker/ would ship server code to every partner's page (vite.config.ts).",
      severity: "error",
      from: { path: "^widget/" },
      to: { path: "^worker/", pathNot: ["^worker/domain/contract\\.ts$", "^worker/domain/calendar-days\\.ts$"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["worker-configuration\\.d\\.ts$"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.worker.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js"] },
  },
};
