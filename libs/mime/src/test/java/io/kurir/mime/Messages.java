package io.kurir.mime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Helpers shared by the unit tests: building messages, rendering items, checking tree invariants. */
final class Messages {

    private Messages() {
    }

    /** A message from text lines joined with CRLF (the text is UTF-8). */
    static MimeMessage crlf(String... lines) {
        return MimeMessage.parse(String.join("\r\n", lines).getBytes(StandardCharsets.UTF_8));
    }

    static String fetch(MimeMessage message, String item) {
        return new String(FetchResponse.item(message, FetchItem.parse(item)), StandardCharsets.ISO_8859_1);
    }

    static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    /** Offsets nest and never run backwards; children lie inside their parent's body, in order. */
    static void assertWellFormed(MimeMessage message) {
        assertWellFormed(message.root(), 0, message.raw().length);
    }

    private static void assertWellFormed(MimePart part, int from, int to) {
        String where = "part at depth " + part.depth() + " [" + part.headerOffset() + "," + part.endOffset() + ")";
        assertTrue(from <= part.headerOffset() && part.headerOffset() <= part.bodyOffset()
                && part.bodyOffset() <= part.endOffset() && part.endOffset() <= to, where + " lies outside " + from
                + ".." + to + " or its header and body are out of order");
        assertTrue(part.bodySize() >= 0 && part.bodyLines() >= 0, where + " has a negative size");
        int previousEnd = part.bodyOffset();
        List<MimePart> children = part.children();
        for (MimePart child : children) {
            assertTrue(child.headerOffset() >= previousEnd, where + ": children overlap");
            assertWellFormed(child, part.bodyOffset(), part.endOffset());
            previousEnd = child.endOffset();
        }
        part.message().ifPresent(inner -> assertWellFormed(inner, part.bodyOffset(), part.endOffset()));
    }

    static int maxDepth(MimePart part) {
        int depth = part.depth();
        for (MimePart child : part.children()) {
            depth = Math.max(depth, maxDepth(child));
        }
        if (part.message().isPresent()) {
            depth = Math.max(depth, maxDepth(part.message().get()));
        }
        return depth;
    }

    static int countParts(MimePart part) {
        int count = 1;
        for (MimePart child : part.children()) {
            count += countParts(child);
        }
        if (part.message().isPresent()) {
            count += countParts(part.message().get());
        }
        return count;
    }
}
