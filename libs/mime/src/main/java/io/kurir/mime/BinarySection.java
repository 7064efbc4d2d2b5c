package io.kurir.mime;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The content of {@code BINARY[part]} (RFC 3516 §4.2, RFC 9051 §6.4.5): a leaf part's body with its
 * Content-Transfer-Encoding removed. Only leaf parts qualify: "this data item can only be requested for leaf body
 * parts: those that have media types other than multipart/*, message/rfc822, or message/global" (RFC 9051 §6.4.5);
 * the message itself ({@code BINARY[]}) has a header and is not one either.
 */
public final class BinarySection {

    /** What decoding a section gave. */
    public sealed interface Result {
        /** The decoded octets; empty for a part the message does not have (as {@code BODY[9]} is empty). */
        record Decoded(byte[] content) implements Result {
            public Decoded {
                Objects.requireNonNull(content, "content");
            }

            /** Whether it holds a NUL octet, so that it can only be sent as a literal8 (RFC 3516 §4.3). */
            public boolean hasNul() {
                for (byte b : content) {
                    if (b == 0) {
                        return true;
                    }
                }
                return false;
            }
        }

        /** The section is a multipart, a message/rfc822 part or the message itself. */
        record NotLeaf() implements Result {
        }

        /** The part's Content-Transfer-Encoding is none this server knows (RFC 3516 §4.3: {@code NO [UNKNOWN-CTE]}). */
        record UnknownCte(String name) implements Result {
            public UnknownCte {
                Objects.requireNonNull(name, "name");
            }
        }
    }

    private BinarySection() {
    }

    /**
     * Decodes the part at {@code path}. A text part is sent with CRLF line ends whatever the decoding gave (RFC 3516
     * §6); other parts are the decoded octets untouched.
     */
    public static Result decode(MimeMessage message, List<Integer> path) {
        if (path.isEmpty()) {
            return new Result.NotLeaf();
        }
        Optional<MimePart> found = message.part(path);
        if (found.isEmpty()) {
            return new Result.Decoded(new byte[0]);
        }
        MimePart part = found.get();
        if (part.kind() != MimePart.Kind.LEAF || part.contentType().is("message", "rfc822")
                || part.contentType().is("message", "global") || part.contentType().type().equalsIgnoreCase("multipart")) {
            return new Result.NotLeaf();
        }
        Optional<TransferDecoding.Encoding> encoding = TransferDecoding.Encoding.of(part.contentTransferEncoding());
        if (encoding.isEmpty()) {
            return new Result.UnknownCte(part.contentTransferEncoding().orElse(""));
        }
        byte[] decoded = TransferDecoding.decode(encoding.get(), message.raw(), part.bodyOffset(), part.endOffset());
        if (part.contentType().isText()) {
            decoded = Crlf.copy(decoded, 0, decoded.length);
        }
        return new Result.Decoded(decoded);
    }
}
