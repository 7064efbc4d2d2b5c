package io.kurir.rewrite.cleanup;

import io.kurir.mail.HeaderBlock;
import io.kurir.mail.canonical.HeaderAddresses;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Postfix cleanup's rewriting of the addresses in message headers (canonical_classes
 * {@code header_sender} and {@code header_recipient}): the sender headers through the sender
 * mapping, the recipient headers through the recipient mapping; everything else in the header —
 * display names, comments, folding — stays byte for byte, and so does every other header and the
 * body. A header that is not UTF-8 is left alone. Postfix does this for local clients only
 * (local_header_rewrite_clients); the caller decides.
 */
public final class HeaderAddressRewrite {

    /** Headers whose addresses are senders, as Postfix's header_sender class. */
    static final Set<String> SENDER = Set.of("from", "sender", "reply-to", "errors-to", "return-receipt-to",
            "resent-from", "resent-sender", "resent-reply-to", "disposition-notification-to");
    /** Headers whose addresses are recipients, as Postfix's header_recipient class. */
    static final Set<String> RECIPIENT = Set.of("to", "cc", "bcc", "apparently-to", "resent-to", "resent-cc",
            "resent-bcc");

    private HeaderAddressRewrite() {
    }

    /** The message with its address headers rewritten; the same array when nothing changed. */
    public static byte[] apply(byte[] message, UnaryOperator<String> sender, UnaryOperator<String> recipient) {
        HeaderBlock headers = HeaderBlock.parse(message);
        ByteArrayOutputStream out = null;
        int headerEnd = 0;
        for (HeaderBlock.Field f : headers.fields()) {
            headerEnd += f.raw().length;
        }
        int written = 0; // how much of the message is copied to out so far (only once out exists)
        int pos = 0;
        for (HeaderBlock.Field f : headers.fields()) {
            String name = f.name().toLowerCase(Locale.ROOT);
            UnaryOperator<String> mapping = SENDER.contains(name) ? sender : RECIPIENT.contains(name) ? recipient : null;
            byte[] replaced = mapping == null ? null : rewrite(f.raw(), mapping);
            if (replaced != null) {
                if (out == null) {
                    out = new ByteArrayOutputStream(message.length + 64);
                }
                out.write(message, written, pos - written);
                out.writeBytes(replaced);
                written = pos + f.raw().length;
            }
            pos += f.raw().length;
        }
        if (out == null) {
            return message;
        }
        out.write(message, written, message.length - written);
        assert pos == headerEnd;
        return out.toByteArray();
    }

    /** The field with its addresses rewritten, or null when nothing changed (or it is not UTF-8). */
    private static byte[] rewrite(byte[] raw, UnaryOperator<String> mapping) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String value = text.substring(colon + 1);
        String rewritten = HeaderAddresses.rewrite(value, mapping);
        if (rewritten == value) {
            return null;
        }
        return (text.substring(0, colon + 1) + rewritten).getBytes(StandardCharsets.UTF_8);
    }
}
