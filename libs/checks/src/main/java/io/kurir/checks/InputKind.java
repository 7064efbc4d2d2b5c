package io.kurir.checks;

/**
 * Which part of a message an input came from, after Postfix's four content inspection classes
 * (header_checks(5)). Kurir uses the header table for all three header kinds, as Postfix does
 * with its defaults {@code mime_header_checks = $header_checks} and
 * {@code nested_header_checks = $header_checks}.
 */
public enum InputKind {
    /** A header of the top-level message that is not MIME-related. */
    HEADER,
    /**
     * A MIME-related header: {@code Content-*} or {@code MIME-Version} anywhere, and every header of
     * a multipart body part.
     */
    MIME_HEADER,
    /** A header of an attached message/rfc822 message that is not MIME-related. */
    NESTED_HEADER,
    /** A body line, including MIME boundary lines and text between parts. */
    BODY;

    /** The word Postfix logs before the input: {@code header} or {@code body}. */
    public String logWord() {
        return this == BODY ? "body" : "header";
    }
}
