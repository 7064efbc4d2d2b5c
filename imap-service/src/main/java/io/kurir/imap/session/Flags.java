package io.kurir.imap.session;

import io.kurir.imap.codec.Flag;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Flags as the store keeps them (names) and as IMAP writes them. */
final class Flags {

    /** What SELECT announces; keywords are allowed too (PERMANENTFLAGS ends in {@code \*}). */
    static final String SYSTEM = "(\\Answered \\Flagged \\Deleted \\Seen \\Draft)";
    static final String PERMANENT = "(\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)";

    private Flags() {
    }

    /** {@code (\Seen $Label1)}. */
    static String list(List<String> flags) {
        return "(" + String.join(" ", flags) + ")";
    }

    /** With {@code \Recent} last when this session has the message as recent (RFC 3501 2.3.2). */
    static String list(List<String> flags, boolean recent) {
        if (!recent) {
            return list(flags);
        }
        return "(" + String.join(" ", flags) + (flags.isEmpty() ? "" : " ") + "\\Recent)";
    }

    /** The names to store; \Recent is the server's, never stored. */
    static Set<String> names(List<Flag> flags) {
        Set<String> out = new LinkedHashSet<>();
        for (Flag f : flags) {
            if (!f.name().equalsIgnoreCase("\\Recent")) {
                out.add(f.name());
            }
        }
        return out;
    }

    static boolean has(List<String> flags, String flag) {
        return flags.stream().anyMatch(f -> f.equalsIgnoreCase(flag));
    }
}
