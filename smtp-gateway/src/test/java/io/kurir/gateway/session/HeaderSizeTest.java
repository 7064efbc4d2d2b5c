package io.kurir.gateway.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HeaderSizeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "one short header            | Subject: hi\\r\\n\\r\\nbody\\r\\n                           | 13",
        "folded lines count together | Subject: a\\r\\n b\\r\\n\\tc\\r\\nTo: x\\r\\n\\r\\n                | 20",
        "the body is not header      | A: 1\\r\\n\\r\\nSubject: a very long body line\\r\\n     | 6",
        "no empty line at all        | A: 1\\r\\nB: 22222                                     | 8",
        "bare LF lines               | A: 1\\n b\\n\\nbody\\n                                     | 8",
        "empty message               | ''                                                       | 0",
        "body only                   | \\r\\nSubject: not a header\\r\\n                       | 0",
    })
    void measuresTheLongestLogicalHeader(String name, String message, long expected) {
        byte[] bytes = message.strip().replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")
                .getBytes(StandardCharsets.US_ASCII);
        assertEquals(expected, HeaderSize.longest(bytes), name);
    }
}
