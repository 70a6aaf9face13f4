/**
 * The Worker's floor plan, checked by `npm test` (`npm run check:imports` runs `depcruise`).
 *
 * worker/<capability>/   one folder per capability: routes with their OpenAPI operations, schemas,
 *                        logic, store, tests, and one door (DOORS)
 * worker/http/           auth, idempotency, rate limits, validation, errors on the wire, page shell
 * worker/domain/         the product's rules, free of HTTP, and the wire types
 * worker/db/             the schema and D1 access
 * worker/lib/            small helpers that know nothing of bookings
 * worker/locales/        the strings of every page and widget, per language, and how a language is chosen
 *
 * Imports run downward only: entry → capabilities → http → domain → db → lib. A capability reaches
 * another only through its door. Tests may reach anything; nothing else reaches tests or fakes.
 * fakes/, bench/, e2e/ and scripts/ are outside the Worker: they reach it as a capability would.
 */

/** Each capability and its door, the one file the rest of the Worker may import from it. */
const DOORS = {
  "booking-api": "index.ts",
  "booking-types": "index.ts",
  bookings: "index.ts",
  calendars: "index.ts",
  "host-scheduler": "client.ts",
  hosts: "index.ts",
  manage: "index.ts",
  notifications: "index.ts",
  openapi: "index.ts",
  pages: "index.ts",
  tokens: "index.ts",
  webhooks: "index.ts",
};
const CAPABILITIES = `(${Object.keys(DOORS).join("|")})`;
const DOOR_PATHS = Object.entries(DOORS).map(([capability, door]) => `^worker/${capability}/${door.replace(".", "\\.")}$`);
const FLOORS = "^worker/(http|domain|db|lib|locales)/";
/** worker/app.ts, worker/index.ts: the app and the entry, above every capability. */
const ROOT_FILES = "^worker/[^/]+\\.ts$";
/** A folder under worker/ that is none of the above (nor the tests'): no rule would see it. */
const UNKNOWN_FOLDER = `^worker/(?!(${Object.keys(DOORS).join("|")}|http|domain|db|lib|locales|test)/)[^/]+/`;
const TESTS = ["\\.test\\.tsx?$", "^worker/test/", "^widget/test/"];
/** Outside the Worker: fakes of outside services, benchmarks, browser tests, command-line tools. */
const OUTSIDE = "^(fakes|bench|e2e|scripts)/";
/** The benchmarks' Worker entries: worker/index.ts as it is, wrapped with a bench route. */
const BENCH_WORKERS = "^bench/[^/]+/worker\\.ts$";

/** `from` may not import any of `floors` (worker/<floor>/ paths). */
function below(name, from, floors, comment) {
  return { name, comment, severity: "error", from: { path: `^worker/${from}/`, pathNot: TESTS }, to: { path: `^worker/(${floors.join("|")})/` } };
}

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment:
        "A cycle of runtime imports: module evaluation order then decides what is undefined. Type-only imports may loop, and so may a dynamic import(), whose module is evaluated later, when asked for.",
      severity: "error",
      from: {},
      to: {
        circular: true,
        dependencyTypesNot: ["type-only", "dynamic-import"],
        viaOnly: { dependencyTypesNot: ["type-only", "dynamic-import"] },
      },
    },
    {
      name: "known-folders-only",
      comment: "A folder under worker/ that is neither in DOORS nor a floor escapes every other rule: a new capability goes in DOORS.",
      severity: "error",
      from: { path: UNKNOWN_FOLDER },
      to: {},
    },
    {
      name: "known-folders-only-imported",
      comment: "known-folders-only, for a file that imports nothing but is imported.",
      severity: "error",
      from: {},
      to: { path: UNKNOWN_FOLDER },
    },
    {
      name: "known-folders-only-alone",
      comment: "known-folders-only, for a file that imports nothing and is imported by nothing.",
      severity: "error",
      from: { orphan: true, path: UNKNOWN_FOLDER },
      to: {},
    },
    {
      name: "through-the-door",
      comment: "Another capability is reached only through its door; the app and the entry above are not reached at all.",
      severity: "error",
      from: { path: `^worker/${CAPABILITIES}/`, pathNot: TESTS },
      to: { path: [`^worker/${CAPABILITIES}/`, ROOT_FILES], pathNot: ["^worker/$1/", ...DOOR_PATHS] },
    },
    {
      name: "entry-through-the-door",
      comment: "The app and the entry mount capabilities through their doors; the entry also exports the Durable Object classes to the runtime.",
      severity: "error",
      from: { path: ROOT_FILES, pathNot: TESTS },
      to: {
        path: `^worker/${CAPABILITIES}/`,
        pathNot: [...DOOR_PATHS, "^worker/host-scheduler/host-scheduler\\.ts$", "^worker/webhooks/dispatcher\\.ts$"],
      },
    },
    {
      name: "floors-know-no-capability",
      comment: "http, domain, db, lib and locales serve every capability and name none.",
      severity: "error",
      from: { path: FLOORS, pathNot: TESTS },
      to: { path: [`^worker/${CAPABILITIES}/`, ROOT_FILES] },
    },
    below("http-above-domain", "domain", ["http"], "domain holds pure rules: no HTTP."),
    below("db-above-domain", "db", ["http", "domain"], "db stores rows; rules about them live in domain."),
    below("lib-at-the-bottom", "lib", ["http", "domain", "db"], "lib knows nothing of bookings."),
    below("locales-stand-alone", "locales", ["http", "domain", "db", "lib"], "locales are data and Intl: the widget ships them, so they import nothing else."),
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
      name: "outside-through-the-door",
      comment: "Outside the Worker, code reaches it as a capability would: through a capability's door or the floors.",
      severity: "error",
      from: { path: OUTSIDE, pathNot: BENCH_WORKERS },
      to: { path: "^worker/", pathNot: [...DOOR_PATHS, FLOORS] },
    },
    {
      name: "bench-workers-wrap-the-entry",
      comment:
        "bench/*/worker.ts are Worker entries of their own: they spread worker/index.ts's handlers and re-export its Durable Object classes, so they may import the entry too.",
      severity: "error",
      from: { path: BENCH_WORKERS },
      to: { path: "^worker/", pathNot: [...DOOR_PATHS, FLOORS, "^worker/index\\.ts$"] },
    },
    {
      name: "widget-takes-types-and-days-only",
      comment:
        "Anything else from worker/ would ship server code to every partner's page (vite.config.ts). The iCalendar text rules are shared with the e-mail's invite.",
      severity: "error",
      from: { path: "^widget/" },
      to: {
        path: "^worker/",
        pathNot: ["^worker/domain/contract\\.ts$", "^worker/domain/calendar-days\\.ts$", "^worker/locales/", "^worker/lib/icalendar-text\\.ts$"],
      },
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
