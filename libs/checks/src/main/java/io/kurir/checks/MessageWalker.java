package io.kurir.checks;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Walks a raw RFC 5322 message line by line and hands each logical header and each body line to
 * a {@link Sink}, following the MIME structure the way Postfix's mime_state does: headers of the
 * message, of multipart body parts (RFC 2046 section 5.1) and of attached message/rfc822 messages
 * (RFC 2046 section 5.2.1) are headers; everything else, boundary lines included, is body.
 *
 * <p>Built for hostile input: no recursion over the MIME tree, at most {@link #MAX_NESTING}
 * levels (deeper multiparts are read as plain body), boundaries that never close simply leave
 * their part open until the end, and no line or header is kept beyond
 * {@link CheckTable#MAX_INPUT_LENGTH} characters.
 */
final class MessageWalker {

    /** How many multipart and message/rfc822 levels are followed. */
    static final int MAX_NESTING = 20;

    /** Receives what the walker finds; returning false ends the walk. */
    interface Sink {
        boolean header(InputKind kind, String header, int line);

        boolean bodyLine(String text, int line);
    }

    private enum Mode { HEADERS, BODY }

    /** Whose headers are being read. */
    private enum Context { PRIMARY, PART, NESTED }

    /** An open multipart (with its "--boundary" delimiter) or an attached message (without). */
    private record Frame(Optional<byte[]> delimiter, boolean digest) {
    }

    private final byte[] message;
    private final long bodySizeLimit;
    private final Sink sink;
    private final List<Frame> frames = new ArrayList<>();

    private Mode mode = Mode.HEADERS;
    private Context context = Context.PRIMARY;
    private long segmentBytes;

    // the entity whose headers are being read
    private String contentType = "";
    private String boundary = "";
    private String transferEncoding = "";
    private String defaultType = "text/plain";

    // the logical header being collected
    private final StringBuilder pending = new StringBuilder();
    private String pendingName = "";
    private int pendingLine;

    private MessageWalker(byte[] message, long bodySizeLimit, Sink sink) {
        this.message = message;
        this.bodySizeLimit = bodySizeLimit;
        this.sink = sink;
    }

    /**
     * Walks the message.
     *
     * @param bodySizeLimit body lines of one part are passed on only while fewer than this many
     *     bytes of that part's body came before them (Postfix's body_checks_size_limit)
     */
    static void walk(byte[] message, long bodySizeLimit, Sink sink) {
        new MessageWalker(message, bodySizeLimit, sink).run();
    }

    private void run() {
        int pos = 0;
        int lineNumber = 0;
        while (pos < message.length) {
            int eol = indexOf((byte) '\n', pos);
            int next = eol < 0 ? message.length : eol + 1;
            int end = eol < 0 ? message.length : eol;
            if (end > pos && message[end - 1] == '\r') {
                end--;
            }
            lineNumber++;
            if (!line(pos, end, next - pos, lineNumber)) {
                return;
            }
            pos = next;
        }
        flushHeader();
    }

    private boolean line(int start, int end, int rawLength, int lineNumber) {
        int frame = boundaryFrame(start, end);
        if (frame >= 0) {
            return boundary(frame, start, end, lineNumber);
        }
        if (mode == Mode.HEADERS) {
            if (start == end) {
                if (!flushHeader()) {
                    return false;
                }
                startBody();
                return true;
            }
            boolean folded = message[start] == ' ' || message[start] == '\t';
            if (folded && !pendingName.isEmpty()) {
                if (pending.length() < CheckTable.MAX_INPUT_LENGTH) {
                    pending.append('\n').append(decode(start, end));
                    pending.setLength(Math.min(pending.length(), CheckTable.MAX_INPUT_LENGTH));
                }
                return true;
            }
            int colon = folded ? -1 : headerColon(start, end);
            if (!flushHeader()) {
                return false;
            }
            if (colon >= 0) {
                pendingName = new String(message, start, colon - start, US_ASCII).strip();
                pendingLine = lineNumber;
                pending.append(decode(start, end));
                return true;
            }
            // Not a header: the header section ends and this line is the first of the body,
            // or the first header line of an attached message. At most two levels deep.
            startBody();
            return line(start, end, rawLength, lineNumber);
        }
        boolean withinLimit = segmentBytes < bodySizeLimit;
        segmentBytes += rawLength;
        if (!withinLimit || start == end) {
            return true; // Postfix never matches empty lines
        }
        return sink.bodyLine(decode(start, end), lineNumber);
    }

    /** A "--boundary" or "--boundary--" line of the open multipart at index {@code frame}. */
    private boolean boundary(int frame, int start, int end, int lineNumber) {
        if (!flushHeader()) {
            return false;
        }
        int delimiterLength = frames.get(frame).delimiter().orElseThrow().length;
        boolean close = end - start >= delimiterLength + 2
                && message[start + delimiterLength] == '-' && message[start + delimiterLength + 1] == '-';
        boolean digest = frames.get(frame).digest();
        // inner levels that were never closed end here
        frames.subList(close ? frame : frame + 1, frames.size()).clear();
        if (close) {
            mode = Mode.BODY; // the epilogue belongs to the enclosing part
        } else {
            mode = Mode.HEADERS;
            context = Context.PART;
            resetEntity(digest ? "message/rfc822" : "text/plain"); // RFC 2046 section 5.1.5
        }
        segmentBytes = 0;
        return sink.bodyLine(decode(start, end), lineNumber); // Postfix: boundaries are body content
    }

    /**
     * The innermost open multipart whose delimiter starts this line, or -1. RFC 2046 section 5.1.1:
     * the boundary is compared with the beginning of the line; trailing text does not matter.
     */
    private int boundaryFrame(int start, int end) {
        if (end - start < 2 || message[start] != '-' || message[start + 1] != '-') {
            return -1;
        }
        for (int i = frames.size() - 1; i >= 0; i--) {
            Optional<byte[]> delimiter = frames.get(i).delimiter();
            if (delimiter.isPresent() && startsWith(start, end, delimiter.get())) {
                return i;
            }
        }
        return -1;
    }

    /** The header section of the current entity ended: decide how its body is read. */
    private void startBody() {
        String type = contentType.isEmpty() ? defaultType : contentType;
        segmentBytes = 0;
        mode = Mode.BODY;
        if (frames.size() >= MAX_NESTING) {
            return;
        }
        if (type.startsWith("multipart/") && !boundary.isEmpty()) {
            frames.add(new Frame(Optional.of(("--" + boundary).getBytes(UTF_8)), type.equals("multipart/digest")));
        } else if ((type.equals("message/rfc822") || type.equals("message/global")) && identityEncoding()) {
            frames.add(new Frame(Optional.empty(), false));
            mode = Mode.HEADERS;
            context = Context.NESTED;
            resetEntity("text/plain");
        }
    }

    /** An encoded attached message is opaque, as in Postfix. */
    private boolean identityEncoding() {
        return transferEncoding.isEmpty() || transferEncoding.equals("7bit") || transferEncoding.equals("8bit")
                || transferEncoding.equals("binary");
    }

    private void resetEntity(String defaultContentType) {
        contentType = "";
        boundary = "";
        transferEncoding = "";
        defaultType = defaultContentType;
    }

    private boolean flushHeader() {
        if (pendingName.isEmpty()) {
            return true;
        }
        String name = pendingName;
        String text = pending.toString();
        pendingName = "";
        pending.setLength(0);
        String value = text.substring(text.indexOf(':') + 1).replace("\n", "");
        if (name.equalsIgnoreCase("Content-Type")) {
            ContentType parsed = ContentType.parse(value);
            contentType = parsed.type();
            boundary = parsed.boundary();
        } else if (name.equalsIgnoreCase("Content-Transfer-Encoding")) {
            transferEncoding = value.strip().toLowerCase(Locale.ROOT);
        }
        return sink.header(kindOf(name), text, pendingLine);
    }

    private InputKind kindOf(String name) {
        boolean mime = name.regionMatches(true, 0, "Content-", 0, 8) || name.equalsIgnoreCase("MIME-Version");
        return switch (context) {
            case PRIMARY -> mime ? InputKind.MIME_HEADER : InputKind.HEADER;
            case PART -> InputKind.MIME_HEADER;
            case NESTED -> mime ? InputKind.MIME_HEADER : InputKind.NESTED_HEADER;
        };
    }

    /** The index of the colon of a header line ({@code name *WSP ":"}, RFC 5322 section 2.2), or -1. */
    private int headerColon(int start, int end) {
        int i = start;
        while (i < end && message[i] >= 33 && message[i] <= 126 && message[i] != ':') {
            i++;
        }
        if (i == start) {
            return -1;
        }
        while (i < end && (message[i] == ' ' || message[i] == '\t')) {
            i++;
        }
        return i < end && message[i] == ':' ? i : -1;
    }

    /**
     * Decodes a line as UTF-8, malformed bytes becoming U+FFFD. Only as many bytes are decoded as
     * can make {@link CheckTable#MAX_INPUT_LENGTH} characters; the rest is never looked at.
     */
    private String decode(int start, int end) {
        int length = (int) Math.min(end - start, 3L * CheckTable.MAX_INPUT_LENGTH);
        String text = new String(message, start, length, UTF_8);
        return text.length() > CheckTable.MAX_INPUT_LENGTH ? text.substring(0, CheckTable.MAX_INPUT_LENGTH) : text;
    }

    private boolean startsWith(int start, int end, byte[] prefix) {
        if (end - start < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (message[start + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private int indexOf(byte b, int from) {
        for (int i = from; i < message.length; i++) {
            if (message[i] == b) {
                return i;
            }
        }
        return -1;
    }
}
