package io.kurir.mime;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Untagged FETCH responses (RFC 3501 §7.4.2) with Dovecot's bytes for the message-derived items. */
public final class FetchResponse {

    private FetchResponse() {
    }

    /** {@code * seq FETCH (item value ...)\r\n} for the given items, in the order given. */
    public static byte[] format(int seq, MimeMessage message, List<FetchItem> items) {
        List<byte[]> rendered = new ArrayList<>(items.size());
        for (FetchItem item : items) {
            rendered.add(item(message, item));
        }
        return format(seq, rendered);
    }

    /**
     * Joins already rendered {@code name value} pairs into one response; use it to mix in FLAGS, UID or INTERNALDATE.
     */
    public static byte[] format(int seq, List<byte[]> renderedItems) {
        ImapWriter out = new ImapWriter();
        out.ascii("* ").number(seq).ascii(" FETCH (");
        for (int i = 0; i < renderedItems.size(); i++) {
            if (i > 0) {
                out.put(' ');
            }
            byte[] item = renderedItems.get(i);
            out.bytes(item, 0, item.length);
        }
        return out.ascii(")\r\n").toByteArray();
    }

    /** One {@code name value} pair, e.g. {@code RFC822.SIZE 379} or {@code BODY[TEXT]<0> {20}\r\n...}. */
    public static byte[] item(MimeMessage message, FetchItem item) {
        ImapWriter out = new ImapWriter();
        out.ascii(item.responseName()).put(' ');
        if (item instanceof FetchItem.BodySection section) {
            out.literal(withoutNul(partial(section.section().extract(message), section)));
            return out.toByteArray();
        }
        switch ((FetchItem.Simple) item) {
            case ENVELOPE:
                EnvelopeWriter.write(out, message.envelope());
                break;
            case BODYSTRUCTURE:
                BodyStructureWriter.write(out, message.root(), true);
                break;
            case BODY:
                BodyStructureWriter.write(out, message.root(), false);
                break;
            case RFC822_SIZE:
                out.number(message.size());
                break;
            case RFC822:
                out.literal(withoutNul(new Section(List.of(), Section.Text.ALL, List.of()).extract(message)));
                break;
            case RFC822_HEADER:
                out.literal(withoutNul(new Section(List.of(), Section.Text.HEADER, List.of()).extract(message)));
                break;
            case RFC822_TEXT:
                out.literal(withoutNul(new Section(List.of(), Section.Text.TEXT, List.of()).extract(message)));
                break;
            default:
                throw new IllegalStateException("unhandled fetch item " + item);
        }
        return out.toByteArray();
    }

    /**
     * A normal literal may not carry NUL (RFC 9051 4.3; RFC 3501 4.3: CHAR8 except NUL). A message stored
     * with NULs (a literal8 APPEND) is sent in BODY[] and RFC822 with each NUL as 0x80, as Dovecot's imap
     * does; BINARY[] sends the octets as they are, in a literal8. Sizes stay the same.
     */
    static byte[] withoutNul(byte[] bytes) {
        int first = -1;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return bytes;
        }
        byte[] copy = bytes.clone();
        for (int i = first; i < copy.length; i++) {
            if (copy[i] == 0) {
                copy[i] = (byte) 0x80;
            }
        }
        return copy;
    }

    /**
     * {@code name content} for BINARY (RFC 3516 §4.3): a literal, or a literal8 ({@code ~{n}}) when the content holds
     * a NUL octet, which no other string may carry (RFC 9051 §4.3). {@code name} is the response's item name, such as
     * {@code BINARY[1.2]<0>}.
     */
    public static byte[] binaryItem(String name, BinarySection.Result.Decoded content) {
        ImapWriter out = new ImapWriter();
        out.ascii(name).put(' ');
        if (content.hasNul()) {
            out.put('~');
        }
        out.literal(content.content());
        return out.toByteArray();
    }

    private static byte[] partial(byte[] bytes, FetchItem.BodySection section) {
        if (section.partial().isEmpty()) {
            return bytes;
        }
        FetchItem.Partial p = section.partial().get();
        if (p.origin() >= bytes.length) {
            return new byte[0];
        }
        int from = (int) p.origin();
        // count may be up to 2^63-1 (a hostile <5.9223372036854775807>): compare without adding
        int to = p.count() >= bytes.length - from ? bytes.length : (int) (from + p.count());
        return Arrays.copyOfRange(bytes, from, to);
    }
}
