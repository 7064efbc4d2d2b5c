package io.kurir.mime;

import java.util.List;

/**
 * Writes an ENVELOPE (RFC 3501 §7.4.2) as Dovecot does: date, In-Reply-To and Message-ID raw with CR/LF removed;
 * subject and display names cleaned up for humans (often as literals, see {@link ImapWriter#forHumans}); Sender and
 * Reply-To default to From; an empty address list is NIL.
 */
final class EnvelopeWriter {

    private EnvelopeWriter() {
    }

    static void write(ImapWriter out, Envelope envelope) {
        out.put('(');
        out.nstringNoLf(envelope.date()).put(' ');
        if (envelope.subject().isPresent()) {
            out.forHumans(envelope.subject().get());
        } else {
            out.nil();
        }
        out.put(' ');
        addresses(out, envelope.from());
        out.put(' ');
        addresses(out, envelope.sender().isEmpty() ? envelope.from() : envelope.sender());
        out.put(' ');
        addresses(out, envelope.replyTo().isEmpty() ? envelope.from() : envelope.replyTo());
        out.put(' ');
        addresses(out, envelope.to());
        out.put(' ');
        addresses(out, envelope.cc());
        out.put(' ');
        addresses(out, envelope.bcc());
        out.put(' ');
        out.nstringNoLf(envelope.inReplyTo()).put(' ');
        out.nstringNoLf(envelope.messageId());
        out.put(')');
    }

    private static void addresses(ImapWriter out, List<Address> list) {
        if (list.isEmpty()) {
            out.nil();
            return;
        }
        out.put('(');
        for (Address address : list) {
            if (address instanceof Address.Mailbox m) {
                out.put('(');
                if (m.name().isPresent()) {
                    out.forHumans(m.name().get());
                } else {
                    out.nil();
                }
                out.put(' ').nstring(m.route()).put(' ').string(m.mailbox()).put(' ').string(m.host()).put(')');
            } else if (address instanceof Address.GroupStart g) {
                out.ascii("(NIL NIL ").string(g.name()).ascii(" NIL)");
            } else {
                out.ascii("(NIL NIL NIL NIL)");
            }
        }
        out.put(')');
    }
}
