package io.kurir.mime;

import java.util.List;
import java.util.Optional;

/**
 * Writes BODY and BODYSTRUCTURE (RFC 3501 §7.4.2) as Dovecot does. Values keep the case they were written in;
 * defaults are lower case ({@code "7bit"}, {@code ("charset" "us-ascii")} for text parts without a charset). A
 * multipart with no parts gets one synthesized empty text/plain part, as IMAP requires at least one.
 */
final class BodyStructureWriter {

    private static final String EMPTY_PART = "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 0 0";

    private BodyStructureWriter() {
    }

    static void write(ImapWriter out, MimePart part, boolean extended) {
        if (part.kind() == MimePart.Kind.MULTIPART) {
            multipart(out, part, extended);
        } else {
            single(out, part, extended);
        }
    }

    private static void multipart(ImapWriter out, MimePart part, boolean extended) {
        out.put('(');
        if (part.children().isEmpty()) {
            out.ascii(EMPTY_PART).ascii(extended ? " NIL NIL NIL NIL)" : ")");
        }
        for (MimePart child : part.children()) {
            write(out, child, extended);
        }
        out.put(' ').string(part.contentType().subtype());
        if (extended) {
            out.put(' ');
            parameters(out, part.contentType().parameters(), false);
            extension(out, part);
        }
        out.put(')');
    }

    private static void single(ImapWriter out, MimePart part, boolean extended) {
        boolean message = part.kind() == MimePart.Kind.MESSAGE;
        ContentType type = part.contentType();
        boolean text = !message && type.isText();
        out.put('(');
        if (message) {
            out.ascii("\"message\" \"rfc822\"");
        } else {
            out.string(type.type()).put(' ').string(type.subtype());
        }
        out.put(' ');
        parameters(out, type.parameters(), text);
        out.put(' ').nstringNoLf(part.contentId());
        out.put(' ').nstringNoLf(part.contentDescription());
        out.put(' ');
        if (part.contentTransferEncoding().isPresent()) {
            out.string(part.contentTransferEncoding().get());
        } else {
            out.ascii("\"7bit\"");
        }
        out.put(' ').number(part.bodySize());
        if (text) {
            out.put(' ').number(part.bodyLines());
        } else if (message) {
            MimePart inner = part.message().orElseThrow();
            out.put(' ');
            EnvelopeWriter.write(out, Envelope.of(inner.header()));
            out.put(' ');
            write(out, inner, extended);
            out.put(' ').number(part.bodyLines());
        }
        if (extended) {
            out.put(' ').nstringNoLf(part.contentMd5());
            extension(out, part);
        }
        out.put(')');
    }

    /** body-ext-1part / body-ext-mpart after the md5 or parameters: disposition, language, location. */
    private static void extension(ImapWriter out, MimePart part) {
        out.put(' ');
        Optional<ContentDisposition> disposition = part.contentDisposition();
        if (disposition.isPresent()) {
            out.put('(').string(disposition.get().type()).put(' ');
            parameters(out, disposition.get().parameters(), false);
            out.put(')');
        } else {
            out.nil();
        }
        out.put(' ');
        List<String> languages = part.contentLanguage();
        if (languages.isEmpty()) {
            out.nil();
        } else {
            out.put('(');
            for (int i = 0; i < languages.size(); i++) {
                if (i > 0) {
                    out.put(' ');
                }
                out.string(languages.get(i));
            }
            out.put(')');
        }
        out.put(' ').nstringNoLf(part.contentLocation());
    }

    /** {@code ("name" "value" ...)} or NIL; text parts without a charset get {@code "charset" "us-ascii"} last. */
    private static void parameters(ImapWriter out, List<Parameter> params, boolean defaultCharset) {
        boolean addCharset = defaultCharset
                && params.stream().noneMatch(p -> p.name().equalsIgnoreCase("charset"));
        if (params.isEmpty() && !addCharset) {
            out.nil();
            return;
        }
        out.put('(');
        for (int i = 0; i < params.size(); i++) {
            if (i > 0) {
                out.put(' ');
            }
            out.string(params.get(i).name()).put(' ').string(params.get(i).value());
        }
        if (addCharset) {
            out.ascii(params.isEmpty() ? "" : " ").ascii("\"charset\" \"us-ascii\"");
        }
        out.put(')');
    }
}
