package io.kurir.mime;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * Decodes RFC 2047 encoded words ({@code =?charset?B?...?=}, {@code =?charset?Q?...?=}) in header text, for
 * SORT, THREAD and SEARCH, which compare what a human reads rather than the bytes on the wire.
 *
 * <ul>
 *   <li>The encoding letter is case-insensitive (RFC 2047 §4); {@code _} is a space in Q (§4.2).</li>
 *   <li>White space between two adjacent encoded words is dropped (§6.2), and the bytes of adjacent words in the
 *       same charset are decoded together, so a character split across two words survives.</li>
 *   <li>An RFC 2231 §5 language suffix ({@code =?utf-8*en?Q?...?=}) is accepted and ignored.</li>
 *   <li>Words with an unknown charset, an unknown encoding or broken base64 stay as they are. A bad {@code =XX}
 *       in Q stays as written. Bytes that are not valid in their charset become U+FFFD.</li>
 *   <li>Like Dovecot, encoded words are also recognised when not separated from the surrounding text by white
 *       space (RFC 2047 §5 wants them to be); an encoded word never contains white space.</li>
 * </ul>
 *
 * <p>Scanning is linear in the length of the input, whatever it contains. Nothing here throws on content.
 */
public final class EncodedWords {

    private static final int MAX_CHARSET_LENGTH = 100;

    /** Text between encoded words, already converted to Unicode. */
    private record Text(String value, boolean blank) {
    }

    /** The decoded bytes of one encoded word and the charset they are in. */
    private record Word(Charset charset, byte[] bytes) {
    }

    /** Where a candidate {@code =?} led: a word ending at {@code end}, or nothing decodable before {@code end}. */
    private record Attempt(Optional<Word> word, int end) {
    }

    private EncodedWords() {
    }

    /** Decodes the encoded words in text that is already Unicode; everything else is returned unchanged. */
    public static String decode(String text) {
        return decode(text, UnaryOperator.identity());
    }

    /**
     * Decodes a header field value held as a byte string (one char per raw byte, as {@link HeaderField#value()}
     * gives it): folding CR/LF removed (RFC 5322 §2.2.3), raw 8-bit text read as UTF-8 (RFC 6532; invalid sequences
     * become U+FFFD, as Dovecot does), encoded words decoded.
     */
    public static String decodeHeader(String byteString) {
        return decode(byteString, EncodedWords::unfoldUtf8);
    }

    private static String decode(String text, UnaryOperator<String> literal) {
        if (text.indexOf("=?") < 0) {
            return literal.apply(text);
        }
        List<Object> pieces = scan(text, literal);
        StringBuilder out = new StringBuilder(text.length());
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        Optional<Charset> pendingCharset = Optional.empty();
        for (int i = 0; i < pieces.size(); i++) {
            Object piece = pieces.get(i);
            if (piece instanceof Word word) {
                if (pendingCharset.isPresent() && !pendingCharset.get().equals(word.charset())) {
                    flush(out, pending, pendingCharset.get());
                }
                pendingCharset = Optional.of(word.charset());
                pending.writeBytes(word.bytes());
                continue;
            }
            Text gap = (Text) piece;
            boolean betweenWords = i > 0 && i + 1 < pieces.size()
                    && pieces.get(i - 1) instanceof Word && pieces.get(i + 1) instanceof Word;
            if (gap.blank() && betweenWords) {
                continue; // RFC 2047 §6.2: white space between adjacent encoded words is not displayed
            }
            if (pendingCharset.isPresent()) {
                flush(out, pending, pendingCharset.get());
                pendingCharset = Optional.empty();
            }
            out.append(gap.value());
        }
        pendingCharset.ifPresent(charset -> flush(out, pending, charset));
        return out.toString();
    }

    private static void flush(StringBuilder out, ByteArrayOutputStream pending, Charset charset) {
        out.append(new String(pending.toByteArray(), charset));
        pending.reset();
    }

    /** Splits {@code text} into {@link Text} and {@link Word} pieces. */
    private static List<Object> scan(String text, UnaryOperator<String> literal) {
        List<Object> pieces = new ArrayList<>();
        int literalStart = 0;
        int pos = text.indexOf("=?");
        while (pos >= 0) {
            Attempt attempt = attempt(text, pos);
            if (attempt.word().isPresent()) {
                if (pos > literalStart) {
                    pieces.add(text(text.substring(literalStart, pos), literal));
                }
                pieces.add(attempt.word().get());
                literalStart = attempt.end();
            }
            pos = text.indexOf("=?", attempt.end());
        }
        if (literalStart < text.length()) {
            pieces.add(text(text.substring(literalStart), literal));
        }
        return pieces;
    }

    private static Text text(String raw, UnaryOperator<String> literal) {
        return new Text(literal.apply(raw), raw.chars().allMatch(EncodedWords::isBlank));
    }

    /**
     * Tries to read {@code "=?" charset "?" encoding "?" encoded-text "?="} (RFC 2047 §2) at {@code start}. When the
     * encoded text runs into white space or the end, no candidate before that point can succeed either (it would run
     * into the same place), so the attempt reports that point as its end and the scan resumes there. Together with
     * resuming after a complete but unusable word, this keeps the scan linear.
     */
    private static Attempt attempt(String text, int start) {
        int charsetEnd = start + 2;
        while (charsetEnd < text.length() && text.charAt(charsetEnd) != '?') {
            if (!isWordChar(text.charAt(charsetEnd)) || charsetEnd - start > MAX_CHARSET_LENGTH) {
                return new Attempt(Optional.empty(), start + 1);
            }
            charsetEnd++;
        }
        int textStart = charsetEnd + 3;
        if (charsetEnd == start + 2 || textStart > text.length() || text.charAt(charsetEnd + 2) != '?') {
            return new Attempt(Optional.empty(), start + 1);
        }
        char encoding = Character.toUpperCase(text.charAt(charsetEnd + 1));
        int textEnd = textStart;
        while (!(text.startsWith("?=", textEnd))) {
            if (textEnd >= text.length() || !isWordChar(text.charAt(textEnd))) {
                return new Attempt(Optional.empty(), Math.max(start + 1, textEnd));
            }
            textEnd++;
        }
        int end = textEnd + 2;
        String encoded = text.substring(textStart, textEnd);
        Optional<Word> word = charset(text.substring(start + 2, charsetEnd))
                .flatMap(charset -> bytes(encoding, encoded).map(bytes -> new Word(charset, bytes)));
        return new Attempt(word, end); // an unusable word is still one word: left as is, never rescanned
    }

    /** The charset, RFC 2231 §5 language suffix removed; empty when Java does not know it. */
    private static Optional<Charset> charset(String name) {
        int star = name.indexOf('*');
        String bare = star >= 0 ? name.substring(0, star) : name;
        return Optional.ofNullable(KnownCharsets.BY_NAME.get(bare.toLowerCase(Locale.ROOT)));
    }

    /**
     * Every charset of this JVM by lower-cased name and alias, built once. {@link Charset#forName} is not used per
     * word: for an unknown name it searches the charset providers and throws, which costs far too much when a
     * hostile header repeats unknown names.
     */
    private static final class KnownCharsets {

        static final Map<String, Charset> BY_NAME = load();

        private static Map<String, Charset> load() {
            Map<String, Charset> byName = new HashMap<>();
            for (Charset charset : Charset.availableCharsets().values()) {
                byName.put(charset.name().toLowerCase(Locale.ROOT), charset);
                for (String alias : charset.aliases()) {
                    byName.putIfAbsent(alias.toLowerCase(Locale.ROOT), charset);
                }
            }
            return Map.copyOf(byName);
        }
    }

    private static Optional<byte[]> bytes(char encoding, String encoded) {
        if (encoding == 'B') {
            try {
                return Optional.of(Base64.getDecoder().decode(encoded)); // RFC 2047 §4.1, padding optional
            } catch (IllegalArgumentException broken) {
                return Optional.empty();
            }
        }
        if (encoding == 'Q') {
            return Optional.of(qDecode(encoded));
        }
        return Optional.empty();
    }

    /** RFC 2047 §4.2: "_" is a space, "=XX" a byte in hex; a malformed "=" stays as it is. */
    private static byte[] qDecode(String encoded) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(encoded.length());
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (c == '_') {
                out.write(' ');
            } else if (c == '=' && hex(encoded, i + 1) >= 0) {
                out.write(hex(encoded, i + 1));
                i += 2;
            } else {
                out.write(c);
            }
        }
        return out.toByteArray();
    }

    /** The byte written as two hex digits at {@code at}, or -1. */
    private static int hex(String s, int at) {
        if (at + 1 >= s.length()) {
            return -1;
        }
        int high = Character.digit(s.charAt(at), 16);
        int low = Character.digit(s.charAt(at + 1), 16);
        return high < 0 || low < 0 ? -1 : high * 16 + low;
    }

    /** Printable US-ASCII other than space: what charset names and encoded text may contain. */
    private static boolean isWordChar(char c) {
        return c > ' ' && c < 0x7f;
    }

    private static boolean isBlank(int c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n';
    }

    /** Unfolds (drops CR and LF) and reads raw 8-bit bytes as UTF-8. */
    private static String unfoldUtf8(String byteString) {
        boolean eightBit = false;
        boolean lineBreaks = false;
        for (int i = 0; i < byteString.length(); i++) {
            char c = byteString.charAt(i);
            eightBit |= c >= 0x80;
            lineBreaks |= c == '\r' || c == '\n';
        }
        String unfolded = lineBreaks ? byteString.replace("\r", "").replace("\n", "") : byteString;
        return eightBit ? new String(Latin1.bytes(unfolded), StandardCharsets.UTF_8) : unfolded;
    }
}
