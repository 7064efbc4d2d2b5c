package io.kurir.checks;

import java.util.regex.Pattern;

/**
 * What a matching header_checks or body_checks rule asks for, as in Postfix's header_checks(5).
 * The text has its {@code $1} substitutions already applied. Empty text means "none given".
 *
 * <p>Terminal actions decide the fate of the whole message ({@link Reject}, {@link Discard},
 * {@link Hold}, {@link Redirect}); {@link Reject} and {@link Discard} also end the inspection of
 * the message. The others concern the one header or body line that matched.
 */
public sealed interface Action {

    /** The action's name as written in tables, upper case. */
    String keyword();

    /** The text after the keyword (an address for REDIRECT, a next hop for FILTER); may be empty. */
    String text();

    /** Whether this action decides what happens to the whole message. */
    default boolean terminal() {
        return false;
    }

    /** Whether inspection of the message ends here (REJECT and DISCARD, as in Postfix). */
    default boolean endsInspection() {
        return false;
    }

    /**
     * REJECT: refuse the whole message. A leading enhanced status code ({@code 4.x.x} or
     * {@code 5.x.x}) in the text selects the status; without one Postfix uses 5.7.1.
     */
    record Reject(String text) implements Action {
        private static final Pattern STATUS = Pattern.compile("[45]\\.\\d{1,3}\\.\\d{1,3}(?=\\s|$)");

        /** Postfix's generic reply text when the rule gives none. */
        public static final String DEFAULT_REASON = "Message content rejected";

        public Reject {
            text = text.strip();
        }

        @Override
        public String keyword() {
            return "REJECT";
        }

        @Override
        public boolean terminal() {
            return true;
        }

        @Override
        public boolean endsInspection() {
            return true;
        }

        /** The enhanced status code: the one the text starts with, else {@code 5.7.1}. */
        public String statusCode() {
            var m = STATUS.matcher(text);
            return m.lookingAt() ? m.group() : "5.7.1";
        }

        /** The reply text without the status code, or {@link #DEFAULT_REASON} when there is none. */
        public String reason() {
            var m = STATUS.matcher(text);
            String rest = m.lookingAt() ? text.substring(m.end()).strip() : text;
            return rest.isEmpty() ? DEFAULT_REASON : rest;
        }

        /** A 4.x.x status code asks the client to try again later (Postfix replies 451). */
        public boolean temporary() {
            return statusCode().charAt(0) == '4';
        }
    }

    /** DISCARD: claim delivery and drop the message; the text is for the log. */
    record Discard(String text) implements Action {
        public Discard {
            text = text.strip();
        }

        @Override
        public String keyword() {
            return "DISCARD";
        }

        @Override
        public boolean terminal() {
            return true;
        }

        @Override
        public boolean endsInspection() {
            return true;
        }
    }

    /** HOLD: put the message on the hold queue; inspection goes on. The text is for the log. */
    record Hold(String text) implements Action {
        public Hold {
            text = text.strip();
        }

        @Override
        public String keyword() {
            return "HOLD";
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }

    /** REDIRECT: send the message to this address instead of its recipients; the last one wins. */
    record Redirect(String address) implements Action {
        public Redirect {
            address = address.strip();
        }

        @Override
        public String keyword() {
            return "REDIRECT";
        }

        @Override
        public String text() {
            return address;
        }

        @Override
        public boolean terminal() {
            return true;
        }
    }

    /** WARN: log a warning with the text and go on. */
    record Warn(String text) implements Action {
        public Warn {
            text = text.strip();
        }

        @Override
        public String keyword() {
            return "WARN";
        }
    }

    /** INFO: log an informational record with the text and go on. */
    record Info(String text) implements Action {
        public Info {
            text = text.strip();
        }

        @Override
        public String keyword() {
            return "INFO";
        }
    }

    /** IGNORE: delete the matched header or body line. */
    record Ignore() implements Action {
        @Override
        public String keyword() {
            return "IGNORE";
        }

        @Override
        public String text() {
            return "";
        }
    }

    /**
     * PREPEND: insert a line with this text before the matched one. Before a header it must be a
     * header line ({@code Name: value}); whoever applies it checks that.
     */
    record Prepend(String text) implements Action {
        public Prepend {
            text = text.strip();
        }

        @Override
        public String keyword() {
            return "PREPEND";
        }
    }

    /**
     * REPLACE: replace the matched header or body line by this text. Postfix documents it for
     * header checks; whoever applies it decides whether to honour it for body lines.
     */
    record Replace(String text) implements Action {
        public Replace {
            text = text.strip();
        }

        @Override
        public String keyword() {
            return "REPLACE";
        }
    }

    /**
     * FILTER {@code transport:destination}: route the whole message through that content filter.
     * Kept so a table imported from Postfix parses; Kurir reports it and leaves it to the caller.
     */
    record Filter(String nextHop) implements Action {
        public Filter {
            nextHop = nextHop.strip();
        }

        @Override
        public String keyword() {
            return "FILTER";
        }

        @Override
        public String text() {
            return nextHop;
        }
    }

    /**
     * DUNNO (and its old spelling OK): stop searching the table for this line and act as if no
     * rule matched. It never shows up in a {@link ContentVerdict}.
     */
    record Dunno() implements Action {
        @Override
        public String keyword() {
            return "DUNNO";
        }

        @Override
        public String text() {
            return "";
        }
    }
}
