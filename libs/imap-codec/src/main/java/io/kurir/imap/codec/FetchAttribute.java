package io.kurir.imap.codec;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One item a FETCH asks for (RFC 9051 section 6.4.5, RFC 3501 section 6.4.5 for the RFC822 forms).
 * The macros ALL, FAST and FULL are expanded by the parser.
 */
public sealed interface FetchAttribute {

    /** Attributes without arguments. */
    enum Simple implements FetchAttribute {
        ENVELOPE("ENVELOPE"),
        FLAGS("FLAGS"),
        INTERNALDATE("INTERNALDATE"),
        /** IMAP4rev1: like {@code BODY[]}. */
        RFC822("RFC822"),
        /** IMAP4rev1: like {@code BODY.PEEK[HEADER]}. */
        RFC822_HEADER("RFC822.HEADER"),
        RFC822_SIZE("RFC822.SIZE"),
        /** IMAP4rev1: like {@code BODY[TEXT]}. */
        RFC822_TEXT("RFC822.TEXT"),
        /** The body structure without extension data ({@code BODY} without a section). */
        BODY("BODY"),
        BODYSTRUCTURE("BODYSTRUCTURE"),
        UID("UID"),
        /** RFC 7162 section 3.1.4.1 (CONDSTORE). */
        MODSEQ("MODSEQ");

        private final String wire;

        Simple(String wire) {
            this.wire = wire;
        }

        /** The attribute's name on the wire. */
        public String wire() {
            return wire;
        }
    }

    /**
     * {@code BODY[section]<partial>} or {@code BODY.PEEK[...]} (RFC 9051 section 6.4.5).
     *
     * @param section which part
     * @param partial which octets of it, when the client asked for a slice
     * @param peek {@code BODY.PEEK}: do not set {@code \Seen}
     */
    record BodySection(Section section, Optional<Partial> partial, boolean peek) implements FetchAttribute {
        public BodySection {
            Objects.requireNonNull(section, "section");
            Objects.requireNonNull(partial, "partial");
        }
    }

    /**
     * {@code BINARY[part]<partial>} or {@code BINARY.PEEK[...]} (RFC 3516, RFC 9051 section 6.4.5):
     * the part with its content transfer encoding removed.
     *
     * @param part the part number, e.g. {@code [1, 2]} for {@code 1.2}; empty for the whole message
     */
    record Binary(List<Integer> part, Optional<Partial> partial, boolean peek) implements FetchAttribute {
        public Binary {
            part = List.copyOf(part);
            Objects.requireNonNull(partial, "partial");
        }
    }

    /** {@code BINARY.SIZE[part]}: the decoded size of a part (RFC 3516). */
    record BinarySize(List<Integer> part) implements FetchAttribute {
        public BinarySize {
            part = List.copyOf(part);
        }
    }

    /** The text part of a section specification after the part number. */
    enum SectionText {
        HEADER("HEADER"),
        HEADER_FIELDS("HEADER.FIELDS"),
        HEADER_FIELDS_NOT("HEADER.FIELDS.NOT"),
        TEXT("TEXT"),
        /** Only after a part number. */
        MIME("MIME");

        private final String wire;

        SectionText(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    /**
     * A section specification (RFC 9051 section 9, {@code section-spec}).
     *
     * @param part the part number; empty for the message itself
     * @param text what of the part; empty for all of it ({@code BODY[]}, {@code BODY[1]})
     * @param headerFields the field names of HEADER.FIELDS and HEADER.FIELDS.NOT, as sent; empty otherwise
     */
    record Section(List<Integer> part, Optional<SectionText> text, List<String> headerFields) {
        public Section {
            part = List.copyOf(part);
            Objects.requireNonNull(text, "text");
            headerFields = List.copyOf(headerFields);
        }

        /** {@code []}: the whole message. */
        public static final Section WHOLE = new Section(List.of(), Optional.empty(), List.of());

        /** A section of the message itself, such as {@code HEADER} or {@code TEXT}. */
        public static Section of(SectionText text) {
            return new Section(List.of(), Optional.of(text), List.of());
        }
    }

    /**
     * {@code <offset.length>} (RFC 9051 section 6.4.5).
     *
     * @param offset the first octet, from 0
     * @param length how many octets at most, above 0
     */
    record Partial(long offset, long length) {
        public Partial {
            if (offset < 0 || length < 1) {
                throw new IllegalArgumentException("bad partial <" + offset + "." + length + ">");
            }
        }
    }
}
