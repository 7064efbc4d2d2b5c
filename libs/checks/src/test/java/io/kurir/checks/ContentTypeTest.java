package io.kurir.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContentTypeTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiterString = " => ", textBlock = """
            ' multipart/mixed; boundary=abc' => multipart/mixed => abc
            'Multipart/Alternative; BOUNDARY="a b;c"' => multipart/alternative => a b;c
            'multipart/mixed; charset=x; boundary="q\\"x"' => multipart/mixed => q"x
            'multipart/mixed (a comment); boundary=abc' => multipart/mixed => abc
            'multipart/mixed; name="boundary=fake"; boundary=real' => multipart/mixed => real
            'multipart/mixed; boundary=' => multipart/mixed => ''
            'multipart/mixed; boundary="unclosed' => multipart/mixed => unclosed
            'text/plain' => text/plain => ''
            'garbage' => '' => ''
            '' => '' => ''
            """)
    void readsTypeAndBoundary(String value, String type, String boundary) {
        ContentType parsed = ContentType.parse(value);
        assertEquals(type, parsed.type());
        assertEquals(boundary, parsed.boundary());
    }
}
