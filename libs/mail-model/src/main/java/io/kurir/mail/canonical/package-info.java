/**
 * Canonical address mapping, Postfix's canonical(5): the tables {@code canonical_maps},
 * {@code sender_canonical_maps} and {@code recipient_canonical_maps} that cleanup(8) applies to
 * envelope and header addresses before mail is queued (ADDRESS_REWRITING_README).
 *
 * <p>{@link io.kurir.mail.canonical.CanonicalFile} parses one table file into
 * {@link io.kurir.mail.canonical.CanonicalEntry} records, refusing the whole file on any problem;
 * {@link io.kurir.mail.canonical.CanonicalMaps} holds the three tables;
 * {@link io.kurir.mail.canonical.CanonicalRewriter} rewrites one sender or recipient address
 * (lookup order, extension propagation, recursion); and
 * {@link io.kurir.mail.canonical.HeaderAddresses} applies such a rewriting to every address in an
 * address header's value while keeping the rest of the value byte for byte. The package does no
 * I/O.
 */
package io.kurir.mail.canonical;
