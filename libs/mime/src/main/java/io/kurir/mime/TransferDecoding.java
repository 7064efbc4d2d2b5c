package io.kurir.mime;

import java.io.ByteArrayOutputStream;
import java.util.Locale;
import java.util.Optional;

/**
 * Removes a Content-Transfer-Encoding (RFC 2045 §6) from a part's body, leniently, as a mail server must: mail in
 * the wild has line breaks, stray characters and broken escapes in its encoded parts, and a reader wants whatever can
 * be recovered rather than an error.
 *
 * <ul>
 *   <li><b>base64</b> (RFC 2045 §6.8): characters outside the base64 alphabet (line breaks, blanks, garbage) are
 *       ignored, as the RFC asks of decoders; decoding ends at the first {@code =}; bits left over at the end (a
 *       truncated group) are dropped.</li>
 *   <li><b>quoted-printable</b> (RFC 2045 §6.7): {@code =XX} (either case) is the octet; {@code =} at the end of a
 *       line (blanks allowed after it) is a soft line break and disappears; blanks before a line break were added by
 *       transport and are dropped (rule 3); every line break is written as CRLF; a {@code =} that starts no valid
 *       escape is kept as it is (the RFC's robustness advice, and what Dovecot does).</li>
 *   <li><b>7bit, 8bit, binary</b> and no field at all: the identity.</li>
 * </ul>
 */
public final class TransferDecoding {

    /** How a part's body is encoded. */
    public enum Encoding {
        IDENTITY, BASE64, QUOTED_PRINTABLE;

        /** The encoding a Content-Transfer-Encoding token names; empty for one this class cannot decode. */
        public static Optional<Encoding> of(Optional<String> token) {
            if (token.isEmpty()) {
                return Optional.of(IDENTITY); // RFC 2045 §6.1: 7bit when absent
            }
            return switch (token.get().toLowerCase(Locale.ROOT)) {
                case "7bit", "8bit", "binary" -> Optional.of(IDENTITY);
                case "base64" -> Optional.of(BASE64);
                case "quoted-printable" -> Optional.of(QUOTED_PRINTABLE);
                default -> Optional.empty();
            };
        }
    }

    private static final byte[] BASE64_VALUES = new byte[256];

    static {
        java.util.Arrays.fill(BASE64_VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        for (int i = 0; i < alphabet.length(); i++) {
            BASE64_VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private TransferDecoding() {
    }

    /** The decoded bytes of {@code raw[from, to)}. */
    public static byte[] decode(Encoding encoding, byte[] raw, int from, int to) {
        return switch (encoding) {
            case IDENTITY -> java.util.Arrays.copyOfRange(raw, from, to);
            case BASE64 -> base64(raw, from, to);
            case QUOTED_PRINTABLE -> quotedPrintable(raw, from, to);
        };
    }

    /** Lenient base64, see the class comment. */
    public static byte[] base64(byte[] raw, int from, int to) {
        byte[] out = new byte[(to - from) / 4 * 3 + 3];
        int o = 0;
        int bits = 0;
        int count = 0;
        for (int i = from; i < to; i++) {
            int b = raw[i] & 0xff;
            if (b == '=') {
                break;
            }
            int v = BASE64_VALUES[b];
            if (v < 0) {
                continue;
            }
            bits = bits << 6 | v;
            if (++count == 4) {
                out[o++] = (byte) (bits >> 16);
                out[o++] = (byte) (bits >> 8);
                out[o++] = (byte) bits;
                bits = 0;
                count = 0;
            }
        }
        // a final group of 2 or 3 characters (the padding left off, or after "=") still carries 1 or 2 octets
        if (count == 2) {
            out[o++] = (byte) (bits >> 4);
        } else if (count == 3) {
            out[o++] = (byte) (bits >> 10);
            out[o++] = (byte) (bits >> 2);
        }
        return java.util.Arrays.copyOf(out, o);
    }

    /** Lenient quoted-printable, see the class comment. */
    public static byte[] quotedPrintable(byte[] raw, int from, int to) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(to - from);
        int lineStart = from;
        while (lineStart < to) {
            int lf = lineStart;
            while (lf < to && raw[lf] != '\n') {
                lf++;
            }
            boolean hardBreak = lf < to;
            int end = lf > lineStart && raw[lf - 1] == '\r' && hardBreak ? lf - 1 : lf;
            // rule 3: blanks at the end of a line were added by transport
            while (end > lineStart && (raw[end - 1] == ' ' || raw[end - 1] == '\t')) {
                end--;
            }
            boolean soft = end > lineStart && raw[end - 1] == '=';
            if (soft) {
                end--;
            }
            for (int i = lineStart; i < end; i++) {
                byte b = raw[i];
                if (b == '=') {
                    int hi = hex(raw, i + 1, end);
                    int lo = hex(raw, i + 2, end);
                    if (hi >= 0 && lo >= 0) {
                        out.write(hi << 4 | lo);
                        i += 2;
                        continue;
                    }
                }
                out.write(b);
            }
            if (hardBreak && !soft) {
                out.write('\r');
                out.write('\n');
            }
            lineStart = lf + 1;
        }
        return out.toByteArray();
    }

    private static int hex(byte[] raw, int i, int end) {
        if (i >= end) {
            return -1;
        }
        int c = raw[i];
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }
}
