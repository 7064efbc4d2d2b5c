package io.kurir.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parsers for the Content-* fields of a MIME header (RFC 2045 §5–§8, RFC 2183, RFC 3066/3282, RFC 2557), reading
 * them as Dovecot does: case kept, comments skipped, parameters as described in {@link Parameter}.
 */
final class ContentFields {

    /** A parsed Content-Type; {@code wellFormed} is false when "type/subtype" is incomplete. */
    record ParsedType(ContentType type, boolean wellFormed) {
    }

    private ContentFields() {
    }

    /** RFC 2045 §5.1: {@code type "/" subtype *(";" parameter)}. Parameters are read only after a full type. */
    static ParsedType contentType(String value) {
        Rfc822Lexer lexer = new Rfc822Lexer(value);
        lexer.skipCfws();
        String type = lexer.token();
        if (type.isEmpty() || !lexer.peekIs('/')) {
            return new ParsedType(new ContentType(type, "", List.of()), false);
        }
        lexer.advance();
        lexer.skipCfws();
        String subtype = lexer.token();
        if (subtype.isEmpty()) {
            return new ParsedType(new ContentType(type, "", List.of()), false);
        }
        return new ParsedType(new ContentType(type, subtype, Rfc2231.merge(parameters(lexer))), true);
    }

    /** RFC 2183 §2: {@code disposition-type *(";" parameter)}. */
    static Optional<ContentDisposition> disposition(String value) {
        Rfc822Lexer lexer = new Rfc822Lexer(value);
        lexer.skipCfws();
        String type = lexer.token();
        if (type.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ContentDisposition(type, Rfc2231.merge(parameters(lexer))));
    }

    /** RFC 2045 §6.1: one token, nothing after it but comments; case kept ({@code 7BIT} stays upper case). */
    static Optional<String> transferEncoding(String value) {
        Rfc822Lexer lexer = new Rfc822Lexer(value);
        lexer.skipCfws();
        String token = lexer.token();
        return token.isEmpty() || !lexer.atEnd() ? Optional.empty() : Optional.of(token);
    }

    /** RFC 3282 §2: a comma-separated list of language tags, each read as an atom. */
    static List<String> languages(String value) {
        Rfc822Lexer lexer = new Rfc822Lexer(value);
        lexer.skipCfws();
        List<String> tags = new ArrayList<>();
        while (true) {
            String tag = lexer.atom(false);
            if (tag.isEmpty()) {
                break;
            }
            tags.add(tag);
            if (!lexer.peekIs(',')) {
                break;
            }
            lexer.advance();
            lexer.skipCfws();
        }
        return List.copyOf(tags);
    }

    /**
     * {@code *(";" attribute "=" value)} (RFC 2045 §5.1) with blanks and comments allowed around ";" and "=". Reading
     * stops at the first thing that is not a parameter; what was read so far is kept. A value may be a token, a
     * quoted string, or (for broken senders) a bare encoded word starting with "=".
     */
    static List<Parameter> parameters(Rfc822Lexer lexer) {
        List<Parameter> params = new ArrayList<>();
        while (lexer.peekIs(';')) {
            lexer.advance();
            if (!lexer.skipCfws()) {
                break;
            }
            String name = lexer.token();
            if (name.isEmpty() || !lexer.peekIs('=')) {
                break;
            }
            lexer.advance();
            String value;
            if (!lexer.skipCfws()) {
                value = "";
            } else if (lexer.peekIs('"')) {
                value = lexer.quotedString();
            } else if (lexer.peekIs('=')) {
                value = lexer.rawUntil("; \t\r\n");
            } else {
                value = lexer.token();
            }
            params.add(new Parameter(name, value));
        }
        return params;
    }
}
