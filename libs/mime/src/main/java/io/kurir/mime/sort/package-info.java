/**
 * IMAP SORT and THREAD (RFC 5256, RFC 5957 display keys) as pure algorithms over {@link io.kurir.mime.sort.SortInput}
 * records, which the IMAP server fills from stored headers and mailbox data.
 *
 * <h2>How it works</h2>
 *
 * <ul>
 *   <li>Keys are derived from raw header values (byte strings): {@link io.kurir.mime.EncodedWords} decodes RFC 2047
 *       and raw UTF-8, {@link io.kurir.mime.sort.BaseSubject} strips reply/forward markers (RFC 5256 §2.1),
 *       {@link io.kurir.mime.SentDate} reads Date: (RFC 5322 §3.3, §4.3), {@code AddressKeys} takes the first
 *       address through the same parser ENVELOPE uses. Strings compare with
 *       {@link io.kurir.mime.UnicodeCasemap} ({@code i;unicode-casemap}, RFC 5051).</li>
 *   <li>{@link io.kurir.mime.sort.Sorter} computes each message's keys once, sorts, and breaks ties by sequence
 *       number.</li>
 *   <li>{@link io.kurir.mime.sort.Threader} runs ORDEREDSUBJECT ({@code OrderedSubjectThreader}) or
 *       REFERENCES/REFS ({@code ReferencesThreader}: id table, parent links from References or In-Reply-To with loop
 *       checks, dummy root, pruning, subject grouping, sibling sorting, over mutable {@code Container}s), and returns
 *       immutable {@link io.kurir.mime.sort.ThreadNode} trees; {@link io.kurir.mime.sort.ThreadResponse} writes
 *       them as {@code (2)(3 6 (4 23)(44 7 96))}.</li>
 * </ul>
 *
 * <p>Nothing here throws on message content and nothing does I/O; deep reply chains are walked without recursion.
 */
package io.kurir.mime.sort;
