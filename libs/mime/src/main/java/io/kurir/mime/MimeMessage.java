package io.kurir.mime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A raw RFC 5322 message with its MIME structure, parsed once.
 *
 * <p>{@link #parse(byte[])} never throws on content: broken headers, missing or unclosed boundaries, NULs, bare LFs
 * and 8-bit bytes all give some tree (the one Dovecot would build, where we know it). Nesting deeper than 100
 * levels and more than 10,000 parts are not split further.
 *
 * <p><b>Byte strings.</b> Header-derived text (field values, parameters, addresses) is returned as a
 * {@code String} holding one char per raw byte (ISO-8859-1 view), because headers may carry raw UTF-8, other
 * charsets or garbage, and IMAP responses must repeat those bytes exactly. Decode with
 * {@code new String(s.getBytes(ISO_8859_1), UTF_8)} when a human-readable form is wanted.
 *
 * <p>The raw array is kept, not copied; callers must not modify it afterwards.
 */
public final class MimeMessage {

    private final byte[] raw;
    private final MimePart root;

    private MimeMessage(byte[] raw, MimePart root) {
        this.raw = raw;
        this.root = root;
    }

    public static MimeMessage parse(byte[] raw) {
        Objects.requireNonNull(raw, "raw");
        return new MimeMessage(raw, MessageParser.parse(raw));
    }

    /** The message as a part: its header is the message header. */
    public MimePart root() {
        return root;
    }

    /** The bytes given to {@link #parse(byte[])} (not a copy). */
    public byte[] raw() {
        return raw;
    }

    /** RFC822.SIZE: the size as served, a bare LF counting as CRLF. */
    public long size() {
        return root.headerSize() + root.bodySize();
    }

    /** The envelope of the message (RFC 3501 §7.4.2). */
    public Envelope envelope() {
        return Envelope.of(root.header());
    }

    /**
     * The part an IMAP section number names (RFC 3501 §6.4.5), resolved as Dovecot does: in a non-multipart,
     * "1" is the part itself; a number after a message/rfc822 part counts inside its encapsulated message. An empty
     * path is the message itself.
     */
    public Optional<MimePart> part(List<Integer> path) {
        MimePart part = root;
        for (int i = 0; i < path.size(); i++) {
            int number = path.get(i);
            if (part.kind() == MimePart.Kind.MULTIPART) {
                if (number < 1 || number > part.children().size()) {
                    return Optional.empty();
                }
                part = part.children().get(number - 1);
            } else if (number != 1) {
                return Optional.empty();
            }
            if (i + 1 < path.size() && part.kind() == MimePart.Kind.MESSAGE) {
                part = part.message().orElseThrow();
            }
        }
        return Optional.of(part);
    }
}
