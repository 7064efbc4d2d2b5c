package io.kurir.mime;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The date and time in a Date: header (RFC 5322 §3.3), as SORT's DATE key and THREAD's "sent date" need it
 * (RFC 5256 §2.2) and as SEARCH's SENTBEFORE/SENTON/SENTSINCE compare it (RFC 3501 §6.4.4, date only, in the
 * message's own zone).
 *
 * <p>{@link #parse(String)} accepts the RFC 5322 §4.3 obsolete forms: no day of week, a day name without comma,
 * two- and three-digit years, missing seconds, named zones (UT, GMT, EST ... PDT), military and unknown zone names
 * (read as -0000, i.e. UTC, as §4.3 advises), comments anywhere, and white space around the colons. It is also
 * lenient where real mail is sloppy: full day and month names, {@code 3-Jan-2024}, {@code +01:00}, no zone at all
 * (UTC), text after the zone. A leap second 60 reads as 59. Anything else is not a date: the caller then uses the
 * INTERNALDATE, as RFC 5256 §2.2 says.
 *
 * @param local the date and time as written
 * @param offsetMinutes the zone as minutes east of UTC; may exceed what {@link ZoneOffset} allows ({@code +9959})
 */
public record SentDate(LocalDateTime local, int offsetMinutes) {

    private static final List<String> MONTHS =
            List.of("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec");
    private static final List<String> DAYS = List.of("mon", "tue", "wed", "thu", "fri", "sat", "sun");
    /** RFC 5322 §4.3 obs-zone names with their offsets in hours. */
    private static final Map<String, Integer> ZONES = Map.of(
            "ut", 0, "gmt", 0, "edt", -4, "est", -5, "cdt", -5, "cst", -6, "mdt", -6, "mst", -7, "pdt", -7, "pst", -8);

    /** The moment, in UTC; what SORT and THREAD compare. */
    public Instant instant() {
        return local.toInstant(ZoneOffset.UTC).minusSeconds(offsetMinutes * 60L);
    }

    /** The date as written, zone disregarded; what SEARCH SENTON and friends compare (RFC 3501 §6.4.4). */
    public LocalDate date() {
        return local.toLocalDate();
    }

    /** The sent date of a Date: header value (byte string or Unicode); empty when it is not a date. */
    public static Optional<SentDate> parse(String value) {
        return new Reader(tokens(value)).dateTime();
    }

    /** Shortcut for {@code parse(value).map(SentDate::instant)}. */
    public static Optional<Instant> instant(String value) {
        return parse(value).map(SentDate::instant);
    }

    /**
     * Splits into digit runs, letter runs and the punctuation {@code , : + -}; comments (RFC 5322 §3.2.2, nested,
     * with quoted pairs) and every other character separate tokens.
     */
    private static List<String> tokens(String value) {
        List<String> tokens = new ArrayList<>();
        int depth = 0;
        int i = 0;
        while (i < value.length()) {
            char c = value.charAt(i);
            if (depth > 0) {
                if (c == '\\') {
                    i++;
                } else if (c == '(') {
                    depth++;
                } else if (c == ')') {
                    depth--;
                }
                i++;
            } else if (c == '(') {
                depth = 1;
                i++;
            } else if (isDigit(c) || isLetter(c)) {
                int start = i;
                boolean digit = isDigit(c);
                while (i < value.length() && (digit ? isDigit(value.charAt(i)) : isLetter(value.charAt(i)))) {
                    i++;
                }
                tokens.add(value.substring(start, i));
            } else {
                if (",:+-".indexOf(c) >= 0) {
                    tokens.add(String.valueOf(c));
                }
                i++;
            }
        }
        return tokens;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    /** Reads date-time = [day-of-week ","] date time (RFC 5322 §3.3) from the tokens. */
    private static final class Reader {

        private final List<String> tokens;
        private int pos;

        Reader(List<String> tokens) {
            this.tokens = tokens;
        }

        Optional<SentDate> dateTime() {
            if (name(DAYS) >= 0) {
                pos++;
            }
            skip(",");
            int day = number(1, 2);
            skip("-");
            int month = name(MONTHS);
            if (day < 0 || month < 0) {
                return Optional.empty();
            }
            pos++;
            skip("-");
            int year = year();
            int hour = number(1, 2);
            if (year < 0 || hour < 0 || !skip(":")) {
                return Optional.empty();
            }
            int minute = number(1, 2);
            int second = skip(":") ? number(1, 2) : 0;
            if (minute < 0 || second < 0) {
                return Optional.empty();
            }
            try {
                LocalDateTime local = LocalDateTime.of(year, month + 1, day, hour, minute, Math.min(second, 59));
                return Optional.of(new SentDate(local, zone()));
            } catch (DateTimeException outOfRange) {
                return Optional.empty();
            }
        }

        /** RFC 5322 §3.3 year, with §4.3 obs-year: 00-49 are 2000-2049, 50-99 and three digits add 1900. */
        private int year() {
            int start = pos;
            int year = number(2, 4);
            if (year < 0) {
                return -1;
            }
            int digits = tokens.get(start).length();
            if (digits == 2) {
                return year < 50 ? 2000 + year : 1900 + year;
            }
            return digits == 3 ? 1900 + year : year;
        }

        /** zone = ("+" / "-") 4DIGIT, or an obs-zone name; absent, unknown or malformed zones are UTC. */
        private int zone() {
            if (pos >= tokens.size()) {
                return 0;
            }
            String token = tokens.get(pos);
            if (token.equals("+") || token.equals("-")) {
                pos++;
                int sign = token.equals("-") ? -1 : 1;
                int minutes = numericZone();
                return minutes < 0 ? 0 : sign * minutes;
            }
            Integer hours = ZONES.get(token.toLowerCase(Locale.ROOT));
            return hours == null ? 0 : hours * 60; // military and other names: -0000 (RFC 5322 §4.3)
        }

        /** {@code hhmm} or {@code hh:mm}, as minutes; -1 when malformed. */
        private int numericZone() {
            int start = pos;
            int value = number(4, 4);
            if (value >= 0) {
                return value % 100 < 60 ? value / 100 * 60 + value % 100 : -1;
            }
            pos = start;
            int hours = number(1, 2);
            if (hours < 0 || !skip(":")) {
                return -1;
            }
            int minutes = number(2, 2);
            return minutes >= 0 && minutes < 60 ? hours * 60 + minutes : -1;
        }

        /** A digit token of {@code min}..{@code max} digits, consumed; -1 (nothing consumed) otherwise. */
        private int number(int min, int max) {
            if (pos >= tokens.size()) {
                return -1;
            }
            String token = tokens.get(pos);
            if (!isDigit(token.charAt(0)) || token.length() < min || token.length() > max) {
                return -1;
            }
            pos++;
            return Integer.parseInt(token);
        }

        /** Index of the current token in {@code names} by its first three letters (not consumed); -1 if none. */
        private int name(List<String> names) {
            if (pos >= tokens.size() || tokens.get(pos).length() < 3 || !isLetter(tokens.get(pos).charAt(0))) {
                return -1;
            }
            return names.indexOf(tokens.get(pos).substring(0, 3).toLowerCase(Locale.ROOT));
        }

        private boolean skip(String punctuation) {
            if (pos < tokens.size() && tokens.get(pos).equals(punctuation)) {
                pos++;
                return true;
            }
            return false;
        }
    }
}
