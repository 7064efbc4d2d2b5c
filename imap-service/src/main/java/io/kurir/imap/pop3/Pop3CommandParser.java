package io.kurir.imap.pop3;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Reads one command line (RFC 1939 section 3: a case-insensitive keyword, then arguments separated by
 * single spaces). The argument errors are worded as Dovecot's pop3 words them.
 */
public final class Pop3CommandParser {

    private Pop3CommandParser() {
    }

    public static Pop3Command parse(String line) {
        int space = line.indexOf(' ');
        String name = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String args = space < 0 ? "" : line.substring(space + 1);
        return switch (name) {
            case "USER" -> args.isEmpty() ? new Pop3Command.Invalid("No username given.") : new Pop3Command.User(utf8(args));
            // the password is the rest of the line: it may contain spaces
            case "PASS" -> args.isEmpty() ? new Pop3Command.Invalid("No password given.") : new Pop3Command.Pass(utf8(args));
            case "AUTH" -> auth(args);
            case "CAPA" -> noArgs(args, new Pop3Command.Capa());
            case "STLS" -> noArgs(args, new Pop3Command.Stls());
            case "QUIT" -> noArgs(args, new Pop3Command.Quit());
            case "STAT" -> noArgs(args, new Pop3Command.Stat());
            case "NOOP" -> noArgs(args, new Pop3Command.Noop());
            case "RSET" -> noArgs(args, new Pop3Command.Rset());
            case "LIST" -> optionalNumber(args, Pop3Command.ListMessages::new);
            case "UIDL" -> optionalNumber(args, Pop3Command.Uidl::new);
            case "RETR" -> number(args, Pop3Command.Retr::new);
            case "DELE" -> number(args, Pop3Command.Dele::new);
            case "TOP" -> top(args);
            default -> new Pop3Command.Unknown(Printable.of(name));
        };
    }

    private static Pop3Command auth(String args) {
        if (args.isEmpty()) {
            return new Pop3Command.Auth(Optional.empty(), Optional.empty());
        }
        String[] parts = args.split(" ", -1);
        if (parts.length > 2 || parts[0].isEmpty() || parts.length == 2 && parts[1].isEmpty()) {
            return new Pop3Command.Invalid("Invalid AUTH arguments.");
        }
        return new Pop3Command.Auth(Optional.of(parts[0].toUpperCase(Locale.ROOT)),
                parts.length == 2 ? Optional.of(parts[1]) : Optional.empty());
    }

    private static Pop3Command noArgs(String args, Pop3Command command) {
        return args.isEmpty() ? command : new Pop3Command.Invalid("Noise after command: " + Printable.of(args));
    }

    private interface Numbered {
        Pop3Command of(int n);
    }

    private interface OptionallyNumbered {
        Pop3Command of(OptionalInt n);
    }

    private static Pop3Command optionalNumber(String args, OptionallyNumbered make) {
        if (args.isEmpty()) {
            return make.of(OptionalInt.empty());
        }
        return number(args, n -> make.of(OptionalInt.of(n)));
    }

    private static Pop3Command number(String args, Numbered make) {
        Number n = Number.read(args, 0);
        if (n.error().isPresent()) {
            return new Pop3Command.Invalid(n.error().get());
        }
        if (n.end() != args.length()) {
            return new Pop3Command.Invalid("Noise after message number: " + Printable.of(args.substring(n.end())));
        }
        return make.of(n.value());
    }

    private static Pop3Command top(String args) {
        Number n = Number.read(args, 0);
        if (n.error().isPresent()) {
            return new Pop3Command.Invalid(n.error().get());
        }
        if (n.end() >= args.length() || args.charAt(n.end()) != ' ') {
            return new Pop3Command.Invalid("Invalid number of lines: " + Printable.of(args.substring(n.end())));
        }
        String rest = args.substring(n.end() + 1);
        Number lines = Number.read(rest, 0);
        if (lines.error().isPresent() || lines.end() != rest.length()) {
            return new Pop3Command.Invalid("Invalid number of lines: " + Printable.of(rest));
        }
        return new Pop3Command.Top(n.value(), lines.value());
    }

    /** A decimal number at {@code from}: its value and where it ends, or why it is not one. */
    private record Number(int value, int end, Optional<String> error) {
        static Number read(String s, int from) {
            int i = from;
            long value = 0;
            while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                value = value * 10 + (s.charAt(i) - '0');
                if (value > Integer.MAX_VALUE) {
                    return new Number(0, i, Optional.of("Message number too large: " + Printable.of(s.substring(from))));
                }
                i++;
            }
            if (i == from) {
                return new Number(0, i, Optional.of("Invalid message number: " + Printable.of(s.substring(from))));
            }
            return new Number((int) value, i, Optional.empty());
        }
    }

    /** The line was decoded as ISO-8859-1 (byte for byte); user names and passwords are UTF-8. */
    private static String utf8(String latin1) {
        return new String(latin1.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }
}
