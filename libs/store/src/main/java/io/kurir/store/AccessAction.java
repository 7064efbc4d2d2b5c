package io.kurir.store;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The right-hand side of an access(5) entry, parsed. Kurir takes the actions that decide about the
 * client or address itself:
 *
 * <ul>
 *   <li>{@code OK} — accept; this restriction list ends here.
 *   <li>{@code DUNNO} — as if the key were not in the table, and the shorter forms of the lookup
 *       (parent domains, shorter address prefixes) are not tried.
 *   <li>{@code REJECT [text]} — refuse with {@code 554 5.7.1} (Postfix's
 *       {@code access_map_reject_code}).
 *   <li>{@code DEFER [text]} — refuse for now with {@code 450 4.7.1} (Postfix's
 *       {@code access_map_defer_code}).
 *   <li>{@code 4NN text}, {@code 5NN text} — refuse with this reply code: 4NN means "try again
 *       later", 5NN "do not try again"; {@code 421} and {@code 521} also close the connection.
 * </ul>
 *
 * <p>Keywords are case-insensitive. Text after OK and DUNNO is ignored, as Postfix does. After
 * REJECT, DEFER or a code the text may begin with an RFC 3463 enhanced status code
 * ({@code REJECT 5.7.1 no thanks}, {@code 550 5.7.27 ...}); its class must agree with the reply code,
 * and without one it is {@code 5.7.1} or {@code 4.7.1}. Empty text means Postfix's generic
 * {@value #ACCESS_DENIED}. The text must be printable ASCII (RFC 5321 §4.2 {@code textstring}).
 *
 * <p>Differences from Postfix: a bare code ({@code 550}) is a refusal with the generic text here;
 * Postfix reads any all-numerical value as OK (a relic of pop-before-smtp time stamps), which Kurir
 * refuses to guess: other all-numerical values are an error. Restriction names (PERMIT,
 * reject_unauth_destination, ...) and the message actions (HOLD, DISCARD, FILTER, REDIRECT, WARN,
 * PREPEND, ...) are not supported and are errors.
 */
public final class AccessAction {

    /** Postfix's reply text when the entry gives none. */
    public static final String ACCESS_DENIED = "Access denied";
    /** Postfix's {@code access_map_reject_code}. */
    public static final int REJECT_CODE = 554;
    /** Postfix's {@code access_map_defer_code}. */
    public static final int DEFER_CODE = 450;
    /** Longest text accepted, so that the reply with its prefix fits in an SMTP reply line (RFC 5321 §4.5.3.1.5). */
    public static final int MAX_TEXT = 400;

    private static final Pattern CODE = Pattern.compile("[0-9]{3}");
    /** RFC 3463 §2: class.subject.detail. */
    private static final Pattern ENHANCED = Pattern.compile("([245])\\.([0-9]{1,3})\\.([0-9]{1,3})(?:[ \\t]+|$)");
    private static final String SUPPORTED = "use OK, DUNNO, REJECT [text], DEFER [text], 4NN text or 5NN text";

    /** What an entry does. */
    public enum Type {
        /** Accept. */
        OK,
        /** Treat as not found and stop the search in this table. */
        DUNNO,
        /** Refuse with {@link #REJECT_CODE}. */
        REJECT,
        /** Refuse temporarily with {@link #DEFER_CODE}. */
        DEFER,
        /** Refuse with the code written in the entry ({@code 4NN text}, {@code 5NN text}). */
        CODE
    }

    /**
     * How a refusing entry answers: {@code code enhancedCode text}. {@code text} may be empty; the
     * gateway then says {@link #ACCESS_DENIED}.
     */
    public record Refusal(int code, String enhancedCode, String text) {

        public Refusal {
            Objects.requireNonNull(enhancedCode);
            Objects.requireNonNull(text);
        }

        /** 4NN: the client should try again later. */
        public boolean temporary() {
            return code / 100 == 4;
        }

        /** 421 and 521: reply, then close the connection (Postfix 2.6 and later). */
        public boolean disconnects() {
            return code == 421 || code == 521;
        }

        /** The text, or {@link #ACCESS_DENIED} when the entry gave none. */
        public String textOrDefault() {
            return text.isEmpty() ? ACCESS_DENIED : text;
        }
    }

    private final Type type;
    private final Optional<Refusal> refusal;
    private final String source;

    private AccessAction(Type type, Optional<Refusal> refusal, String source) {
        this.type = type;
        this.refusal = refusal;
        this.source = source;
    }

    /**
     * Parses the action as written in an access(5) file or on the command line.
     *
     * @throws IllegalArgumentException {@code invalid action 'x': reason}
     */
    public static AccessAction parse(String action) {
        String source = action == null ? "" : action.strip();
        try {
            return parseStripped(source);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid action '" + source + "': " + e.getMessage(), e);
        }
    }

    private static AccessAction parseStripped(String source) {
        if (source.isEmpty()) {
            throw new IllegalArgumentException("the action is empty; " + SUPPORTED);
        }
        if (source.chars().anyMatch(ch -> ch != '\t' && Character.isISOControl(ch))) {
            throw new IllegalArgumentException("an action cannot contain line breaks or other control characters");
        }
        int end = 0;
        while (end < source.length() && source.charAt(end) != ' ' && source.charAt(end) != '\t') {
            end++;
        }
        String word = source.substring(0, end);
        String rest = source.substring(end).strip();
        switch (word.toUpperCase(Locale.ROOT)) {
            case "OK":
                return new AccessAction(Type.OK, Optional.empty(), source);
            case "DUNNO":
                return new AccessAction(Type.DUNNO, Optional.empty(), source);
            case "REJECT":
                return new AccessAction(Type.REJECT, Optional.of(refusal(REJECT_CODE, rest)), source);
            case "DEFER":
                return new AccessAction(Type.DEFER, Optional.of(refusal(DEFER_CODE, rest)), source);
            default:
                break;
        }
        if (CODE.matcher(word).matches()) {
            char c = word.charAt(0);
            if (c != '4' && c != '5') {
                throw new IllegalArgumentException("reply code " + word + " does not refuse; access tables take 4NN "
                        + "(try again later) or 5NN (do not try again) codes; to accept, use OK");
            }
            return new AccessAction(Type.CODE, Optional.of(refusal(Integer.parseInt(word), rest)), source);
        }
        if (word.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
            throw new IllegalArgumentException("Postfix reads an all-numerical action as OK; Kurir does not guess: "
                    + "write OK to accept, or a 3-digit 4NN/5NN code with text to refuse");
        }
        if (word.equalsIgnoreCase("PERMIT")) {
            throw new IllegalArgumentException("PERMIT is a restriction, not an access(5) action; use OK to accept");
        }
        throw new IllegalArgumentException("unknown action " + word + "; " + SUPPORTED);
    }

    private static Refusal refusal(int code, String rest) {
        String cls = Integer.toString(code / 100);
        String enhanced = cls + ".7.1";
        String text = rest;
        Matcher m = ENHANCED.matcher(rest);
        if (m.lookingAt()) {
            enhanced = m.group(1) + "." + Integer.parseInt(m.group(2)) + "." + Integer.parseInt(m.group(3));
            text = rest.substring(m.end());
            if (!m.group(1).equals(cls)) {
                throw new IllegalArgumentException("enhanced status code " + enhanced + " does not agree with reply code "
                        + code + " (both temporary, 4xx and 4.x.x, or both permanent, 5xx and 5.x.x)");
            }
        }
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (ch != '\t' && (ch < 32 || ch > 126)) {
                throw new IllegalArgumentException(String.format(
                        "the text may contain only printable ASCII characters, not U+%04X", (int) ch));
            }
        }
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("the text is longer than " + MAX_TEXT + " characters");
        }
        return new Refusal(code, enhanced, text);
    }

    public Type type() {
        return type;
    }

    /** How to answer when the entry refuses (REJECT, DEFER, 4NN, 5NN); empty for OK and DUNNO. */
    public Optional<Refusal> refusal() {
        return refusal;
    }

    /** The action as it was written (without surrounding white space), for display and storage. */
    public String source() {
        return source;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AccessAction other && source.equals(other.source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
