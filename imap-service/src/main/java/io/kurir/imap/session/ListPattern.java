package io.kurir.imap.session;

/**
 * LIST's reference and mailbox pattern (RFC 3501 6.3.8): {@code *} matches anything, {@code %}
 * anything but the hierarchy delimiter; a leading INBOX matches in any case. Matching is linear
 * (no regular expressions, so a hostile pattern cannot make it backtrack).
 */
final class ListPattern {

    /** Longer patterns are refused by the caller. */
    static final int MAX_LENGTH = 1024;

    private final char[] pattern;

    ListPattern(String reference, String mailboxPattern) {
        String full = mailboxPattern.startsWith("/") || reference.isEmpty() ? mailboxPattern
                : reference.endsWith("/") ? reference + mailboxPattern : reference + "/" + mailboxPattern;
        // INBOX is case-insensitive: a pattern starting with it (in any case) is written as INBOX
        if (full.length() >= 5 && full.substring(0, 5).equalsIgnoreCase("INBOX")
                && (full.length() == 5 || full.charAt(5) == '/' || full.charAt(5) == '*' || full.charAt(5) == '%')) {
            full = "INBOX" + full.substring(5);
        }
        this.pattern = collapse(full).toCharArray();
    }

    /** Runs of wildcards say no more than their strongest member: {@code **%} is {@code *}. */
    private static String collapse(String p) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if ((c == '*' || c == '%') && sb.length() > 0) {
                char last = sb.charAt(sb.length() - 1);
                if (last == '*' || last == '%') {
                    if (c == '*') {
                        sb.setCharAt(sb.length() - 1, '*');
                    }
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }

    boolean matches(String name) {
        // dynamic programming over (pattern position, name position): O(pattern x name), no backtracking
        char[] n = name.toCharArray();
        boolean[] row = new boolean[n.length + 1];
        row[0] = true;
        for (char p : pattern) {
            boolean[] next = new boolean[n.length + 1];
            if (p == '*' || p == '%') {
                boolean reach = false;
                for (int j = 0; j <= n.length; j++) {
                    reach = reach || row[j];
                    next[j] = reach;
                    if (p == '%' && j < n.length && n[j] == '/') {
                        reach = false; // % does not cross the delimiter
                    }
                }
            } else {
                for (int j = 0; j < n.length; j++) {
                    next[j + 1] = row[j] && n[j] == p;
                }
            }
            row = next;
        }
        return row[n.length];
    }
}
