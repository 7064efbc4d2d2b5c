package io.kurir.mail.canonical;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class HeaderAddressesTest {

    private static final Map<String, String> MAPPING = Map.of(
            "joe@a.test", "Joe.Doe@a.test",
            "anto@a.test", "anto@b.test",
            "joe", "Joe.Doe@a.test",
            "\"joe doe\"@a.test", "jd@a.test",
            "joe@[192.0.2.1]", "joe@a.test");

    /** Value, expected value, and the addr-specs the mapping must see (joined with " | "). */
    static Stream<Arguments> values() {
        return Stream.of(
                // plain mailboxes
                Arguments.of("joe@a.test", "Joe.Doe@a.test", "joe@a.test"),
                Arguments.of("Joe <joe@a.test>", "Joe <Joe.Doe@a.test>", "joe@a.test"),
                Arguments.of("Joe < joe@a.test > (work)", "Joe < Joe.Doe@a.test > (work)", "joe@a.test"),
                Arguments.of("joe", "Joe.Doe@a.test", "joe"),
                Arguments.of("\"joe doe\"@a.test", "jd@a.test", "\"joe doe\"@a.test"),
                Arguments.of("joe@[192.0.2.1]", "joe@a.test", "joe@[192.0.2.1]"),
                Arguments.of("nobody@a.test", "nobody@a.test", "nobody@a.test"),
                // display names: quoted with commas, '@' and escapes; unquoted '@'; encoded words
                Arguments.of("\"Doe, Joe\" <joe@a.test>, anto@a.test", "\"Doe, Joe\" <Joe.Doe@a.test>, anto@b.test",
                        "joe@a.test | anto@a.test"),
                Arguments.of("\"joe@a.test\" <anto@a.test>", "\"joe@a.test\" <anto@b.test>", "anto@a.test"),
                Arguments.of("joe@a.test <anto@a.test>", "joe@a.test <anto@b.test>", "anto@a.test"),
                Arguments.of("\"Joe \\\"the, boss\\\" <Doe>\" <joe@a.test>",
                        "\"Joe \\\"the, boss\\\" <Doe>\" <Joe.Doe@a.test>", "joe@a.test"),
                Arguments.of("=?UTF-8?Q?J=C3=B6e?= <joe@a.test>", "=?UTF-8?Q?J=C3=B6e?= <Joe.Doe@a.test>",
                        "joe@a.test"),
                // comments, nested, with commas, quotes and angle brackets inside
                Arguments.of("joe@a.test (Joe Doe)", "Joe.Doe@a.test (Joe Doe)", "joe@a.test"),
                Arguments.of("(Joe) joe@a.test", "(Joe) Joe.Doe@a.test", "joe@a.test"),
                Arguments.of("joe@a.test (Joe (the boss), \"Doe\"), anto@a.test",
                        "Joe.Doe@a.test (Joe (the boss), \"Doe\"), anto@b.test", "joe@a.test | anto@a.test"),
                Arguments.of("(say \"hi <x>) joe@a.test", "(say \"hi <x>) Joe.Doe@a.test", "joe@a.test"),
                Arguments.of("joe(c)@a.test", "joe(c)@a.test", ""),
                Arguments.of("joe @ a.test", "joe @ a.test", ""),
                // groups
                Arguments.of("Team: joe@a.test, Anto <anto@a.test>;, cici@b.test",
                        "Team: Joe.Doe@a.test, Anto <anto@b.test>;, cici@b.test",
                        "joe@a.test | anto@a.test | cici@b.test"),
                Arguments.of("\"Team: a, b\": joe@a.test;", "\"Team: a, b\": Joe.Doe@a.test;", "joe@a.test"),
                Arguments.of("undisclosed-recipients:;", "undisclosed-recipients:;", ""),
                // folding white space
                Arguments.of("Joe <joe@a.test>,\r\n\tanto@a.test", "Joe <Joe.Doe@a.test>,\r\n\tanto@b.test",
                        "joe@a.test | anto@a.test"),
                Arguments.of("\"Joe\r\n Doe\"\r\n <joe@a.test>", "\"Joe\r\n Doe\"\r\n <Joe.Doe@a.test>", "joe@a.test"),
                // the null address and source routes
                Arguments.of("<>", "<>", ""),
                Arguments.of("Mailer <>, joe@a.test", "Mailer <>, Joe.Doe@a.test", "joe@a.test"),
                Arguments.of("<@r1.test,@r2.test:joe@a.test>", "<@r1.test,@r2.test:Joe.Doe@a.test>", "joe@a.test"),
                Arguments.of("Joe <@r1.test: joe@a.test>", "Joe <@r1.test: Joe.Doe@a.test>", "joe@a.test"),
                // empty members, things that are not addresses
                Arguments.of("joe@a.test, , anto@a.test,", "Joe.Doe@a.test, , anto@b.test,",
                        "joe@a.test | anto@a.test"),
                Arguments.of("Joe Doe", "Joe Doe", ""),
                Arguments.of("joe@a.test@b.test", "joe@a.test@b.test", ""),
                Arguments.of("Joe <joe@a.test> <anto@a.test>", "Joe <joe@a.test> <anto@a.test>", ""),
                Arguments.of("", "", ""),
                // unbalanced: the whole value is left alone
                Arguments.of("\"Joe <joe@a.test>, anto@a.test", "\"Joe <joe@a.test>, anto@a.test", ""),
                Arguments.of("anto@a.test, joe@a.test (x", "anto@a.test, joe@a.test (x", ""),
                Arguments.of("anto@a.test, Joe <joe@a.test", "anto@a.test, Joe <joe@a.test", ""),
                Arguments.of("anto@a.test, joe@a.test>", "anto@a.test, joe@a.test>", ""),
                Arguments.of("anto@a.test, joe@a.test)", "anto@a.test, joe@a.test)", ""),
                Arguments.of("Joe <<joe@a.test>>", "Joe <<joe@a.test>>", ""),
                Arguments.of("joe@[192.0.2.1", "joe@[192.0.2.1", ""));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @MethodSource("values")
    void rewritesOnlyTheAddrSpecs(String value, String expected, String calls) {
        List<String> seen = new ArrayList<>();
        UnaryOperator<String> mapping = a -> {
            seen.add(a);
            return MAPPING.getOrDefault(a, a);
        };
        String result = HeaderAddresses.rewrite(value, mapping);
        assertEquals(expected, result, "rewritten value of " + value);
        assertEquals(calls, String.join(" | ", seen), "addr-specs passed to the mapping for " + value);
        if (expected.equals(value)) {
            assertSame(value, result, "an unchanged value is returned as the same instance");
        }
    }

    @Test
    void aMappingThatReturnsAnEqualStringChangesNothing() {
        String value = "Joe <joe@a.test>, (c) anto@a.test";
        assertSame(value, HeaderAddresses.rewrite(value, a -> new String(a)));
    }
}
