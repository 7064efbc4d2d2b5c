package io.kurir.imap.codec;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A message flag (RFC 9051 section 2.3.2): a system flag such as {@code \Seen}, another
 * backslash flag ({@code flag-extension}), or a keyword such as {@code $Forwarded}. Flags compare
 * case-insensitively on the wire; here the five system flags and {@code \Recent} are spelled the
 * RFC's way whatever case the client used, and other flags are kept as sent.
 *
 * @param name the flag as it appears on the wire, backslash included
 */
public record Flag(String name) {

    public static final Flag ANSWERED = new Flag("\\Answered");
    public static final Flag FLAGGED = new Flag("\\Flagged");
    public static final Flag DELETED = new Flag("\\Deleted");
    public static final Flag SEEN = new Flag("\\Seen");
    public static final Flag DRAFT = new Flag("\\Draft");
    /** IMAP4rev1 only; IMAP4rev2 removed it (RFC 9051 appendix E). */
    public static final Flag RECENT = new Flag("\\Recent");

    private static final Map<String, Flag> SYSTEM = Map.of(
            "\\ANSWERED", ANSWERED, "\\FLAGGED", FLAGGED, "\\DELETED", DELETED,
            "\\SEEN", SEEN, "\\DRAFT", DRAFT, "\\RECENT", RECENT);

    /**
     * @throws IllegalArgumentException unless {@code name} is an atom or a backslash and an atom
     */
    public Flag {
        Objects.requireNonNull(name, "name");
        String atom = name.startsWith("\\") ? name.substring(1) : name;
        if (!Ascii.isAtom(atom)) {
            throw new IllegalArgumentException("not a flag: " + name);
        }
    }

    /** The flag named {@code name}, system flags in their canonical spelling. */
    public static Flag of(String name) {
        Flag system = SYSTEM.get(name.toUpperCase(Locale.ROOT));
        return system != null ? system : new Flag(name);
    }

    /** Whether this is a backslash flag rather than a keyword. */
    public boolean isSystem() {
        return name.startsWith("\\");
    }

    @Override
    public String toString() {
        return name;
    }
}
