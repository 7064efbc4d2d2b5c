/**
 * MIME analysis for IMAP FETCH, answering as Dovecot 2.3 does, byte for byte where it has been checked.
 *
 * <h2>How it works</h2>
 *
 * <ol>
 *   <li>{@link io.kurir.mime.MimeMessage#parse(byte[])} makes one pass over the raw bytes, line by line
 *       ({@code MessageParser}). It keeps a stack of the boundaries of the open multiparts; a line starting with
 *       "--" is checked against them (longest prefix wins, as in Dovecot), and a delimiter closes every part inside
 *       the multipart it belongs to. Each part records three marks (header start, body start, end), each with the
 *       count of LFs and bare LFs before it, so sizes and line counts come from subtraction, not rescans.</li>
 *   <li>When a header ends, its fields are split ({@link io.kurir.mime.HeaderBlock}) and the Content-* fields read
 *       ({@code ContentFields}, {@code Rfc2231}) with a small RFC 5322 lexer ({@code Rfc822Lexer}). That decides
 *       whether the part is a leaf, a multipart (push its boundary) or a message/rfc822 (open the encapsulated
 *       message at the body start).</li>
 *   <li>Answers are written on demand: {@code EnvelopeWriter} and {@code BodyStructureWriter} walk the tree,
 *       {@link io.kurir.mime.Section} cuts byte ranges out of the raw message, and {@code ImapWriter} decides between
 *       NIL, quoted string and literal with Dovecot's rules. {@link io.kurir.mime.FetchResponse} puts them into
 *       {@code * n FETCH (...)} lines.</li>
 * </ol>
 *
 * <p>Header text is handled as byte strings (one char per byte) so that 8-bit headers, RFC 2047 encoded words and
 * RFC 2231 values go back out exactly as they came in; nothing FETCH returns is decoded.
 *
 * <p>SORT, THREAD and SEARCH compare what people read instead: {@link io.kurir.mime.EncodedWords} turns a byte-string
 * header value into Unicode (RFC 2047, raw UTF-8), {@link io.kurir.mime.SentDate} reads Date:,
 * {@link io.kurir.mime.UnicodeCasemap} is the {@code i;unicode-casemap} comparator, and {@link io.kurir.mime.Addresses}
 * opens the ENVELOPE address parser to other packages. The algorithms themselves are in {@code io.kurir.mime.sort}.
 *
 * <p>Nothing here throws on message content. Limits: 100 levels of nesting, 10,000 parts; beyond them containers
 * stay unopened leaves. The package does no I/O.
 */
package io.kurir.mime;
