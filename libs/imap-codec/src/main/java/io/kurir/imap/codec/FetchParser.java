package io.kurir.imap.codec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** FETCH attributes (RFC 9051 section 6.4.5 and its {@code fetch-att} ABNF; BINARY from RFC 3516). */
final class FetchParser {

    private final ImapReader r;

    FetchParser(ImapReader reader) {
        this.r = reader;
    }

    /** RFC 9051 section 6.4.5: the macros ALL, FAST and FULL. */
    static List<FetchAttribute> expand(String macro) {
        List<FetchAttribute> fast = List.of(FetchAttribute.Simple.FLAGS, FetchAttribute.Simple.INTERNALDATE,
                FetchAttribute.Simple.RFC822_SIZE);
        List<FetchAttribute> out = new ArrayList<>(fast);
        if (!macro.equals("FAST")) {
            out.add(FetchAttribute.Simple.ENVELOPE);
        }
        if (macro.equals("FULL")) {
            out.add(FetchAttribute.Simple.BODY);
        }
        return out;
    }

    FetchAttribute attribute() {
        if (r.atEnd()) {
            throw r.error("missing fetch attribute");
        }
        String name = r.dottedName("fetch attribute");
        return switch (name) {
            case "ENVELOPE" -> FetchAttribute.Simple.ENVELOPE;
            case "FLAGS" -> FetchAttribute.Simple.FLAGS;
            case "INTERNALDATE" -> FetchAttribute.Simple.INTERNALDATE;
            case "RFC822" -> FetchAttribute.Simple.RFC822;
            case "RFC822.HEADER" -> FetchAttribute.Simple.RFC822_HEADER;
            case "RFC822.SIZE" -> FetchAttribute.Simple.RFC822_SIZE;
            case "RFC822.TEXT" -> FetchAttribute.Simple.RFC822_TEXT;
            case "BODYSTRUCTURE" -> FetchAttribute.Simple.BODYSTRUCTURE;
            case "UID" -> FetchAttribute.Simple.UID;
            case "MODSEQ" -> FetchAttribute.Simple.MODSEQ;
            case "BODY" -> r.peek() == '['
                    ? new FetchAttribute.BodySection(section(), partial(), false)
                    : FetchAttribute.Simple.BODY;
            case "BODY.PEEK" -> {
                if (r.peek() != '[') {
                    throw r.expected("\"[\" after BODY.PEEK");
                }
                yield new FetchAttribute.BodySection(section(), partial(), true);
            }
            case "BINARY", "BINARY.PEEK" -> new FetchAttribute.Binary(binarySection(name), partial(),
                    name.equals("BINARY.PEEK"));
            case "BINARY.SIZE" -> new FetchAttribute.BinarySize(binarySection(name));
            default -> throw r.unknown("fetch attribute", name);
        };
    }

    /**
     * {@code section = "[" [section-spec] "]"}, {@code section-spec = section-msgtext /
     * (section-part ["." section-text])}.
     */
    private FetchAttribute.Section section() {
        r.expect('[', "\"[\"");
        if (r.tryChar(']')) {
            return FetchAttribute.Section.WHOLE;
        }
        List<Integer> part = new ArrayList<>();
        Optional<FetchAttribute.SectionText> text = Optional.empty();
        List<String> fields = new ArrayList<>();
        if (Ascii.isDigit(r.peek())) {
            part = partNumbers();
            if (r.tryChar('.')) {
                text = Optional.of(sectionText(true, fields));
            }
        } else {
            text = Optional.of(sectionText(false, fields));
        }
        r.expect(']', "\"]\" closing the section");
        return new FetchAttribute.Section(part, text, fields);
    }

    /** {@code section-part = nz-number *("." nz-number)}; stops before a "." that starts a section text. */
    private List<Integer> partNumbers() {
        List<Integer> part = new ArrayList<>();
        part.add((int) r.nzNumber("part number", Integer.MAX_VALUE));
        while (r.peek() == '.' && Ascii.isDigit(r.peek(1))) {
            r.tryChar('.');
            part.add((int) r.nzNumber("part number", Integer.MAX_VALUE));
        }
        return part;
    }

    /**
     * {@code section-msgtext = "HEADER" / "HEADER.FIELDS" [".NOT"] SP header-list / "TEXT"}, and
     * after a part number also {@code "MIME"}.
     */
    private FetchAttribute.SectionText sectionText(boolean afterPart, List<String> fields) {
        String name = r.dottedName("section text (HEADER, HEADER.FIELDS, TEXT" + (afterPart ? ", MIME)" : ")"));
        FetchAttribute.SectionText text = switch (name) {
            case "HEADER" -> FetchAttribute.SectionText.HEADER;
            case "HEADER.FIELDS" -> FetchAttribute.SectionText.HEADER_FIELDS;
            case "HEADER.FIELDS.NOT" -> FetchAttribute.SectionText.HEADER_FIELDS_NOT;
            case "TEXT" -> FetchAttribute.SectionText.TEXT;
            case "MIME" -> {
                if (!afterPart) {
                    throw r.error("MIME needs a part number, as in BODY[1.MIME]");
                }
                yield FetchAttribute.SectionText.MIME;
            }
            default -> throw r.unknown("section text", name);
        };
        if (text == FetchAttribute.SectionText.HEADER_FIELDS || text == FetchAttribute.SectionText.HEADER_FIELDS_NOT) {
            r.sp("header field list");
            r.expect('(', "\"(\" starting the header field list");
            do {
                fields.add(r.utf8(r.astring("header field name"), "header field name"));
            } while (r.trySp());
            r.expect(')', "\")\" closing the header field list");
        }
        return text;
    }

    /** {@code section-binary = "[" [section-part] "]"}. */
    private List<Integer> binarySection(String name) {
        if (r.peek() != '[') {
            throw r.expected("\"[\" after " + name);
        }
        r.tryChar('[');
        List<Integer> part = r.peek() == ']' ? List.of() : partNumbers();
        r.expect(']', "\"]\" closing the section");
        return part;
    }

    /** {@code partial = "<" number64 "." nz-number64 ">"}. */
    private Optional<FetchAttribute.Partial> partial() {
        if (!r.tryChar('<')) {
            return Optional.empty();
        }
        long offset = r.number("partial offset", ImapReader.MAX_NUMBER64);
        r.expect('.', "\".\" in the partial range");
        long length = r.nzNumber("partial length", ImapReader.MAX_NUMBER64);
        r.expect('>', "\">\" closing the partial range");
        return Optional.of(new FetchAttribute.Partial(offset, length));
    }
}
