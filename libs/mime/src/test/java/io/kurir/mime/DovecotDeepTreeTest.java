package io.kurir.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The deep MIME tree of src/test/resources/dovecot-extra (mixed &gt; alternative &gt; related, a message/rfc822 with
 * its own mixed &gt; alternative, base64, quoted-printable and 8bit parts, raw UTF-8 and RFC 2047 headers, RFC 2231
 * filenames): every FETCH recorded from Dovecot there, answered by this library, compared byte for byte.
 */
class DovecotDeepTreeTest {

    private static final String FOLDER = "dovecot-extra";

    /** record.py appends the folder's messages in file-name order, so message N is the N-th file. */
    static Stream<DovecotFixtures.Exchange> exchanges() {
        List<String> names = DovecotFixtures.names(FOLDER);
        List<DovecotFixtures.Exchange> out = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            out.addAll(DovecotFixtures.exchanges(FOLDER, names.get(i), i + 1));
        }
        return out.stream();
    }

    @Test
    void theDeepTreeIsRecorded() {
        assertEquals(List.of("17-deep-tree"), DovecotFixtures.names(FOLDER), "messages in " + FOLDER);
        assertEquals(30, exchanges().count(), "FETCH commands in 17-deep-tree.expected");
        byte[] eml = DovecotFixtures.message(FOLDER, "17-deep-tree");
        for (int i = 0; i < eml.length; i++) {
            if (eml[i] == '\n') {
                assertTrue(i > 0 && eml[i - 1] == '\r', "bare LF at byte " + i + ": line endings were converted");
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exchanges")
    void answersLikeDovecot(DovecotFixtures.Exchange exchange) {
        String command = exchange.command();
        String prefix = "FETCH " + exchange.seq() + " ";
        if (!command.startsWith(prefix)) {
            throw new IllegalStateException("unexpected command " + command);
        }
        List<FetchItem> items = FetchItem.parseList(command.substring(prefix.length()));
        MimeMessage message = MimeMessage.parse(DovecotFixtures.message(FOLDER, exchange.fixture()));

        byte[] actual = FetchResponse.format(exchange.seq(), message, items);

        assertEquals(text(exchange.expected()), text(actual),
                () -> exchange + ": our response differs from Dovecot's");
    }

    /** Bytes shown one char per byte, so a mismatch prints readably and still compares every byte. */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
