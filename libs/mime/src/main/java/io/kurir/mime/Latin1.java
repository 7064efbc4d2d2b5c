package io.kurir.mime;

import java.nio.charset.StandardCharsets;

/**
 * Header text is kept as "byte strings": each raw byte becomes the char with the same value (ISO-8859-1), so
 * 8-bit UTF-8 and broken charsets survive unchanged and go back to the wire byte for byte.
 */
final class Latin1 {

    private Latin1() {
    }

    static String of(byte[] raw, int from, int to) {
        return new String(raw, from, to - from, StandardCharsets.ISO_8859_1);
    }

    static byte[] bytes(String byteString) {
        return byteString.getBytes(StandardCharsets.ISO_8859_1);
    }
}
