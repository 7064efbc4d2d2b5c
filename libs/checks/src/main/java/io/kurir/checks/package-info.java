/**
 * Postfix's header_checks and body_checks for Kurir: regexp_table(5) files imported unchanged.
 *
 * <p>How it fits together:
 * <ul>
 *   <li>{@link io.kurir.checks.CheckTable#parse} reads a table. {@code TableParser} joins
 *       continued lines, keeps {@code if}/{@code endif} as flat steps that know where their block
 *       ends (no recursion at match time), and hands each pattern to {@code PosixRegex}, which
 *       translates POSIX ERE (or BRE) into {@link java.util.regex.Pattern} syntax with Postfix's
 *       flag semantics. The action text becomes an {@code ActionSpec} whose {@code $1} references
 *       are checked against the pattern's groups at parse time.</li>
 *   <li>{@link io.kurir.checks.CheckTable#match} returns the first matching rule's
 *       {@link io.kurir.checks.Action} with its groups substituted.</li>
 *   <li>{@link io.kurir.checks.ContentChecks#scan} lets {@code MessageWalker} cut a raw message
 *       into logical headers and body lines along its MIME structure, matches each against the
 *       header or body table, and collects a {@link io.kurir.checks.ContentVerdict}.</li>
 * </ul>
 *
 * <p>No I/O and no dependencies: callers read the table files and pass their text.
 */
package io.kurir.checks;
