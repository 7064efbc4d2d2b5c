package io.kurir.mime;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * One node of a parsed message: the message itself, a MIME body part, or the message inside a message/rfc822 part.
 *
 * <p>A part spans {@code [headerOffset, endOffset)} of the raw message; its body is
 * {@code [bodyOffset, endOffset)}. As in RFC 2046 §5.1.1, the line break before a boundary delimiter belongs to the
 * delimiter, not to the part. Sizes are those an IMAP client sees: a bare LF counts as CRLF (Dovecot serves
 * messages with CRLF line ends). Line counts are the number of line breaks in the body.
 *
 * <p>Text values (parameters, Content-ID, ...) are byte strings: one char per raw byte, see {@link MimeMessage}.
 */
public final class MimePart {

    /** What the part contains. */
    public enum Kind {
        /** A leaf: text, image, application, ... (also a container the parser did not open, see README). */
        LEAF,
        /** multipart/*: {@link #children()} are the body parts (may be empty if the boundary is missing). */
        MULTIPART,
        /** message/rfc822: {@link #message()} is the encapsulated message. */
        MESSAGE
    }

    /** A raw offset with the number of LFs and of bare LFs (not preceded by CR) before it. */
    record Mark(int offset, int lines, int bareLfs) {
    }

    private final Optional<MimePart> parent;
    private final int depth;
    final Mark headerStart;
    Mark bodyStart;
    Mark end;
    Kind kind = Kind.LEAF;
    HeaderBlock header;
    ContentType contentType = ContentType.TEXT_PLAIN;
    boolean contentTypeDeclared;
    Optional<String> boundary = Optional.empty();
    final List<MimePart> children = new ArrayList<>();
    Optional<MimePart> message = Optional.empty();
    Optional<String> contentId = Optional.empty();
    Optional<String> description = Optional.empty();
    Optional<String> transferEncoding = Optional.empty();
    Optional<String> md5 = Optional.empty();
    Optional<ContentDisposition> disposition = Optional.empty();
    List<String> languages = List.of();
    Optional<String> location = Optional.empty();

    MimePart(Optional<MimePart> parent, int depth, Mark headerStart) {
        this.parent = parent;
        this.depth = depth;
        this.headerStart = headerStart;
    }

    Optional<MimePart> parent() {
        return parent;
    }

    /** 0 for the message itself, +1 for each multipart or message/rfc822 level above this part. */
    public int depth() {
        return depth;
    }

    public Kind kind() {
        return kind;
    }

    public HeaderBlock header() {
        return header;
    }

    /** The media type in effect: as declared, or the RFC 2045 §5.2 / RFC 2046 §5.1.5 default. */
    public ContentType contentType() {
        return contentType;
    }

    /** Whether the part has a Content-Type field (the first one counts). */
    public boolean contentTypeDeclared() {
        return contentTypeDeclared;
    }

    /** The boundary of a multipart part, when it has one. */
    public Optional<String> boundary() {
        return boundary;
    }

    /** The body parts of a multipart, in order; empty for other kinds. */
    public List<MimePart> children() {
        return Collections.unmodifiableList(children);
    }

    /** The encapsulated message of a message/rfc822 part. */
    public Optional<MimePart> message() {
        return message;
    }

    /** Content-ID, raw (RFC 2045 §7). */
    public Optional<String> contentId() {
        return contentId;
    }

    /** Content-Description, raw (RFC 2045 §8): encoded words are not decoded. */
    public Optional<String> contentDescription() {
        return description;
    }

    /** The Content-Transfer-Encoding token as written, if the field is well formed. */
    public Optional<String> contentTransferEncoding() {
        return transferEncoding;
    }

    /** Content-MD5, raw (RFC 1864). */
    public Optional<String> contentMd5() {
        return md5;
    }

    public Optional<ContentDisposition> contentDisposition() {
        return disposition;
    }

    /** Content-Language tags (RFC 3282); empty when absent. */
    public List<String> contentLanguage() {
        return languages;
    }

    /** Content-Location, raw (RFC 2557). */
    public Optional<String> contentLocation() {
        return location;
    }

    public int headerOffset() {
        return headerStart.offset();
    }

    public int bodyOffset() {
        return bodyStart.offset();
    }

    public int endOffset() {
        return end.offset();
    }

    /** Header size in bytes as served (bare LF counted as CRLF), blank line included. */
    public long headerSize() {
        return virtualSize(headerStart, bodyStart);
    }

    /** Body size in bytes as served (bare LF counted as CRLF). */
    public long bodySize() {
        return virtualSize(bodyStart, end);
    }

    /** Number of line breaks in the body: the "lines" of BODYSTRUCTURE. */
    public int bodyLines() {
        return end.lines() - bodyStart.lines();
    }

    private static long virtualSize(Mark from, Mark to) {
        return (long) to.offset() - from.offset() + to.bareLfs() - from.bareLfs();
    }
}
