package io.kurir.mime;

import java.util.List;
import java.util.Optional;

/**
 * A part's media type (RFC 2045 §5) with type and subtype as written (case kept) and its parameters in the order
 * Dovecot reports them. A part without a Content-Type field gets {@code text/plain} with no parameters (or
 * {@code message/rfc822} inside multipart/digest, RFC 2046 §5.1.5).
 */
public record ContentType(String type, String subtype, List<Parameter> parameters) {

    static final ContentType TEXT_PLAIN = new ContentType("text", "plain", List.of());
    static final ContentType MESSAGE_RFC822 = new ContentType("message", "rfc822", List.of());

    public ContentType {
        parameters = List.copyOf(parameters);
    }

    /** The first parameter with this name (case-insensitive). */
    public Optional<String> parameter(String name) {
        for (Parameter p : parameters) {
            if (p.name().equalsIgnoreCase(name)) {
                return Optional.of(p.value());
            }
        }
        return Optional.empty();
    }

    public boolean is(String type, String subtype) {
        return this.type.equalsIgnoreCase(type) && this.subtype.equalsIgnoreCase(subtype);
    }

    public boolean isText() {
        return type.equalsIgnoreCase("text");
    }
}
