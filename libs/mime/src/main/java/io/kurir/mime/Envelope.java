package io.kurir.mime;

import java.util.List;
import java.util.Optional;

/**
 * The fields of IMAP's ENVELOPE (RFC 3501 §7.4.2), taken from the first occurrence of each header field. Strings
 * are raw byte strings (see {@link MimeMessage}): encoded words and folding are left for the encoder, which cleans
 * them up exactly as Dovecot does. {@link #sender()} and {@link #replyTo()} are as written; the IMAP defaulting to
 * From happens when the envelope is written.
 */
public record Envelope(
        Optional<String> date,
        Optional<String> subject,
        List<Address> from,
        List<Address> sender,
        List<Address> replyTo,
        List<Address> to,
        List<Address> cc,
        List<Address> bcc,
        Optional<String> inReplyTo,
        Optional<String> messageId) {

    public Envelope {
        from = List.copyOf(from);
        sender = List.copyOf(sender);
        replyTo = List.copyOf(replyTo);
        to = List.copyOf(to);
        cc = List.copyOf(cc);
        bcc = List.copyOf(bcc);
    }

    static Envelope of(HeaderBlock header) {
        return new Envelope(
                header.value("Date"),
                header.value("Subject"),
                addresses(header, "From"),
                addresses(header, "Sender"),
                addresses(header, "Reply-To"),
                addresses(header, "To"),
                addresses(header, "Cc"),
                addresses(header, "Bcc"),
                header.value("In-Reply-To"),
                header.value("Message-ID"));
    }

    private static List<Address> addresses(HeaderBlock header, String name) {
        return header.value(name).map(AddressParser::parse).orElse(List.of());
    }
}
