package io.kurir.mime;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * RFC 5322 §3.4 address lists (with the obsolete forms of §4.4) read the way Dovecot fills an ENVELOPE: groups
 * become start/end markers, a comment after a bare address becomes the display name, a source route is kept, and
 * missing local parts and domains are filled with placeholders. Reading stops at the first entry that is not
 * followed by "," (what was read is kept). Never throws.
 */
final class AddressParser {

    /** An addr-spec; either half may be empty. */
    private record Spec(String local, String domain) {
    }

    private final Rfc822Lexer lexer;
    private final List<Address> out = new ArrayList<>();

    private AddressParser(String value) {
        this.lexer = new Rfc822Lexer(value);
    }

    static List<Address> parse(String value) {
        return new AddressParser(value).list();
    }

    private List<Address> list() {
        lexer.skipCfws();
        while (!lexer.atEnd()) {
            if (lexer.peekIs(',')) {
                lexer.advance();
                lexer.skipCfws();
                continue;
            }
            int before = lexer.position();
            address();
            if (!lexer.peekIs(',') || lexer.position() == before) {
                break;
            }
        }
        return List.copyOf(out);
    }

    /** address = mailbox / group (RFC 5322 §3.4). */
    private void address() {
        int start = lexer.position();
        Optional<String> phrase = lexer.phrase();
        if (phrase.isPresent() && lexer.peekIs(':')) {
            lexer.advance();
            lexer.skipCfws();
            out.add(new Address.GroupStart(phrase.get()));
            group();
            out.add(new Address.GroupEnd());
            return;
        }
        lexer.rewind(start);
        mailbox();
    }

    /** group-list up to and including ";" (RFC 5322 §3.4). */
    private void group() {
        while (!lexer.atEnd()) {
            if (lexer.peekIs(';')) {
                lexer.advance();
                lexer.skipCfws();
                return;
            }
            if (lexer.peekIs(',')) {
                lexer.advance();
                lexer.skipCfws();
                continue;
            }
            int before = lexer.position();
            mailbox();
            if (lexer.position() == before || !(lexer.peekIs(',') || lexer.peekIs(';'))) {
                return;
            }
        }
    }

    /** mailbox = name-addr / addr-spec (RFC 5322 §3.4). */
    private void mailbox() {
        lexer.forgetComment();
        int start = lexer.position();
        Optional<String> name = lexer.phrase();
        Spec spec;
        Optional<String> route = Optional.empty();
        if (lexer.peekIs('<')) {
            lexer.advance();
            lexer.skipCfws();
            if (lexer.peekIs('@')) {
                route = Optional.of(route());
            }
            if (lexer.peekIs('>')) {
                spec = new Spec("", "");
            } else {
                spec = addrSpec();
            }
            if (lexer.peekIs('>')) {
                lexer.advance();
                lexer.skipCfws();
            }
        } else {
            lexer.rewind(start);
            name = Optional.empty();
            spec = addrSpec();
        }
        if (name.isEmpty() && !lexer.lastComment().isEmpty()) {
            name = Optional.of(lexer.lastComment());
        }
        String local = spec.local().isEmpty() ? Address.MISSING_MAILBOX : spec.local();
        String domain = spec.domain().isEmpty() ? Address.MISSING_DOMAIN : spec.domain();
        out.add(new Address.Mailbox(name.filter(n -> !n.isEmpty()), route, local, domain));
    }

    /** obs-route = obs-domain-list ":" (RFC 5322 §4.4), kept as {@code @a,@b}. */
    private String route() {
        StringBuilder route = new StringBuilder();
        while (lexer.peekIs('@')) {
            lexer.advance();
            lexer.skipCfws();
            route.append('@').append(lexer.domain());
            if (!lexer.peekIs(',')) {
                break;
            }
            lexer.advance();
            lexer.skipCfws();
            if (lexer.peekIs('@')) {
                route.append(',');
            }
        }
        if (lexer.peekIs(':')) {
            lexer.advance();
            lexer.skipCfws();
        }
        return route.toString();
    }

    /** addr-spec = local-part "@" domain (RFC 5322 §3.4.1). */
    private Spec addrSpec() {
        String local = lexer.localPart();
        String domain = "";
        if (lexer.peekIs('@')) {
            lexer.advance();
            lexer.skipCfws();
            domain = lexer.domain();
        }
        return new Spec(local, domain);
    }
}
