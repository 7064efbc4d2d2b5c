package io.kurir.mime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads src/test/resources/imap-fetch: NN-name.eml messages and NN-name.expected transcripts of Dovecot 2.3.19
 * (format in that folder's README.md). The overloads taking a folder read another test-classpath folder in the same
 * format (dovecot-extra).
 */
final class DovecotFixtures {

    /** One FETCH command and the exact bytes Dovecot answered (all its untagged responses, prefixes removed). */
    record Exchange(String fixture, int seq, String command, byte[] expected) {
        @Override
        public String toString() {
            return fixture + ": " + command;
        }
    }

    private DovecotFixtures() {
    }

    static final String DEFAULT_FOLDER = "imap-fetch";

    static Path directory() {
        return directory(DEFAULT_FOLDER);
    }

    /** A folder of the test classpath holding NN-name.eml/.expected pairs. */
    static Path directory(String folder) {
        URL url = DovecotFixtures.class.getClassLoader().getResource(folder);
        if (url == null) {
            throw new IllegalStateException(folder + " fixtures missing from the test classpath");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> names() {
        return names(DEFAULT_FOLDER);
    }

    static List<String> names(String folder) {
        try (Stream<Path> files = Files.list(directory(folder))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".eml"))
                    .map(n -> n.substring(0, n.length() - 4))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] message(String name) {
        return message(DEFAULT_FOLDER, name);
    }

    static byte[] message(String folder, String name) {
        try {
            return Files.readAllBytes(directory(folder).resolve(name + ".eml"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Exchange> exchanges(String name) {
        return exchanges(DEFAULT_FOLDER, name, Integer.parseInt(name.substring(0, 2)));
    }

    /**
     * The exchanges of {@code folder/name.expected}, whose commands address the message as number {@code seq} (its
     * sequence number in the mailbox that folder was recorded from, see the folder's README.md).
     */
    static List<Exchange> exchanges(String folder, String name, int seq) {
        byte[] data;
        try {
            data = Files.readAllBytes(directory(folder).resolve(name + ".expected"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Exchange> out = new ArrayList<>();
        String command = null;
        java.io.ByteArrayOutputStream responses = new java.io.ByteArrayOutputStream();
        int pos = 0;
        while (pos < data.length) {
            int lineEnd = crlf(data, pos) + 2;
            String prefix = new String(data, pos, Math.min(3, data.length - pos), StandardCharsets.ISO_8859_1);
            if (prefix.equals("C: ")) {
                if (command != null) {
                    out.add(new Exchange(name, seq, command, responses.toByteArray()));
                }
                command = new String(data, pos + 3, lineEnd - 2 - pos - 3, StandardCharsets.ISO_8859_1);
                responses.reset();
                pos = lineEnd;
            } else if (prefix.equals("S: ")) {
                pos += 3;
                while (true) {
                    lineEnd = crlf(data, pos) + 2;
                    responses.write(data, pos, lineEnd - pos);
                    int literal = literalLength(data, pos, lineEnd - 2);
                    pos = lineEnd;
                    if (literal < 0) {
                        break;
                    }
                    responses.write(data, pos, literal);
                    pos += literal;
                }
            } else {
                throw new IllegalStateException(name + ".expected: unexpected line at byte " + pos);
            }
        }
        if (command != null) {
            out.add(new Exchange(name, seq, command, responses.toByteArray()));
        }
        return out;
    }

    private static int crlf(byte[] data, int from) {
        for (int i = from; i + 1 < data.length; i++) {
            if (data[i] == '\r' && data[i + 1] == '\n') {
                return i;
            }
        }
        throw new IllegalStateException("line without CRLF at byte " + from);
    }

    /** n when the line {@code data[from, to)} ends in {n}, else -1. */
    private static int literalLength(byte[] data, int from, int to) {
        if (to - from < 3 || data[to - 1] != '}') {
            return -1;
        }
        int open = to - 2;
        while (open > from && data[open] >= '0' && data[open] <= '9') {
            open--;
        }
        if (data[open] != '{' || open == to - 2) {
            return -1;
        }
        return Integer.parseInt(new String(data, open + 1, to - 2 - open, StandardCharsets.US_ASCII));
    }
}
