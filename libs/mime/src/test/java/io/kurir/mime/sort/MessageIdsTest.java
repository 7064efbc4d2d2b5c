package io.kurir.mime.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** msg-id tokens as REFERENCES reads them (RFC 5322 §3.6.4, RFC 5256 §3). */
class MessageIdsTest {

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            <a@b>                                  | a@b
            <a@b> <c@d>                            | a@b c@d
            <a@b>\\r\\n\\t<c@d>                     | a@b c@d
            <a@\\r\\n b>                             | a@b
            <A@B> <a@b>                            | A@B a@b
            (comment <x@y>) <a@b>                  | a@b
            "<not@id>" <a@b>                       | a@b
            <a <b@c>                               | b@c
            <> <1234>                              | 1234
            <unterminated@x                        | ``
            no ids here                            | ``
            """)
    void readsEveryId(String header, String ids) {
        List<String> expected = ids == null || ids.isEmpty() ? List.of() : List.of(ids.split(" "));
        assertEquals(expected, MessageIds.all(header.replace("\\r\\n", "\r\n").replace("\\t", "\t")),
                "ids in " + header);
    }
}
