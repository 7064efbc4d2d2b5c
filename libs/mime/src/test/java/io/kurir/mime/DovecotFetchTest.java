package io.kurir.mime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every FETCH of the Dovecot fixtures, answered by this library, compared byte for byte. */
class DovecotFetchTest {

    static Stream<DovecotFixtures.Exchange> exchanges() {
        return DovecotFixtures.names().stream().flatMap(name -> DovecotFixtures.exchanges(name).stream());
    }

    @Test
    void everyFixtureHasItsCommands() {
        assertEquals(16, DovecotFixtures.names().size(), "fixture messages");
        assertEquals(16 * 7 + 2 + 3 + 4, exchanges().count(), "FETCH commands in the .expected files");
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
        MimeMessage message = MimeMessage.parse(DovecotFixtures.message(exchange.fixture()));

        byte[] actual = FetchResponse.format(exchange.seq(), message, items);

        assertEquals(text(exchange.expected()), text(actual),
                () -> exchange + ": our response differs from Dovecot's");
    }

    /** Bytes shown one char per byte, so a mismatch prints readably and still compares every byte. */
    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}
