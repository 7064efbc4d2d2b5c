package io.kurir.smtp.codec;

import java.util.Objects;
import java.util.Optional;

/**
 * The byte-level framer of the server side of SMTP, without I/O: the transport feeds whatever
 * chunks the socket delivers and takes out complete {@link SmtpInput}s.
 *
 * <pre>
 * decoder.feed(chunk, 0, chunk.length);
 * for (Optional&lt;SmtpInput&gt; in = decoder.next(); in.isPresent(); in = decoder.next()) {
 *     // CommandLine "DATA" accepted? send 354, then decoder.startData() before calling next() again
 * }
 * </pre>
 *
 * <p><b>Command mode.</b> A command line ends at LF; a CR before it is removed (RFC 5321 section
 * 2.3.8 requires CRLF, and Postfix also accepts a bare LF after a command). A line longer than
 * {@code maxCommandLine} octets including its terminator becomes {@link SmtpInput.CommandTooLong}
 * once its LF arrives; its bytes are dropped as they come, never buffered.
 *
 * <p><b>Data mode</b>, entered by {@link #startData()}: content up to {@code <CRLF>.<CRLF>}, see
 * {@link SmtpInput.MessageData}; bytes already buffered after the DATA command are content. After
 * the message the decoder is back in command mode by itself.
 *
 * <p><b>Memory.</b> Inside the decoder at most one partial command line ({@code maxCommandLine})
 * or the kept message content ({@code maxMessageSize}) is buffered, plus the bytes fed but not yet
 * taken out by {@link #next()}. Call {@link #next()} until it is empty before feeding more; a
 * transport that cannot (while a reply is pending) should pause reading when
 * {@link #bufferedBytes()} grows.
 *
 * <p>Not thread-safe: one decoder per connection, used from its event loop.
 */
public final class SmtpInputDecoder {

    /** The command line limit Kurir uses, in octets including CRLF (RFC 5321 section 4.5.3.1.4 requires at least 512). */
    public static final int DEFAULT_MAX_COMMAND_LINE = 1000;

    /** The largest {@code maxMessageSize} a Java array can hold. */
    public static final long MAX_MESSAGE_SIZE_LIMIT = Integer.MAX_VALUE - 8;

    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private enum Mode {
        COMMAND,
        /** Dropping the rest of an over-long command line up to its LF. */
        DISCARDING_LONG_LINE,
        DATA,
        /** Reading a BDAT chunk of a known size. */
        CHUNK
    }

    private final int maxCommandLine;
    private final PendingBytes pending = new PendingBytes();
    private final MessageReader messageReader;
    private Mode mode = Mode.COMMAND;
    /** Bytes of the pending partial command line already searched for LF. */
    private int scanned;
    /** BDAT: octets of the chunk still to come, whether they are kept, and those kept so far. */
    private long chunkRemaining;
    private long chunkSize;
    private boolean chunkKept;
    private java.io.ByteArrayOutputStream chunk;

    /**
     * @param maxCommandLine the most octets a command line may have, including CRLF; see
     *     {@link #DEFAULT_MAX_COMMAND_LINE}
     * @param maxMessageSize the most octets of message content kept (Postfix
     *     {@code message_size_limit}); larger content is counted and flagged, not kept
     * @param bareNewline what a bare LF in message content does
     * @throws IllegalArgumentException when {@code maxCommandLine < 3} or {@code maxMessageSize}
     *     is negative or above {@link #MAX_MESSAGE_SIZE_LIMIT}
     */
    public SmtpInputDecoder(int maxCommandLine, long maxMessageSize, BareNewline bareNewline) {
        if (maxCommandLine < 3) {
            throw new IllegalArgumentException("maxCommandLine too small: " + maxCommandLine);
        }
        if (maxMessageSize < 0 || maxMessageSize > MAX_MESSAGE_SIZE_LIMIT) {
            throw new IllegalArgumentException("maxMessageSize out of range: " + maxMessageSize);
        }
        this.maxCommandLine = maxCommandLine;
        this.messageReader = new MessageReader(maxMessageSize, Objects.requireNonNull(bareNewline, "bareNewline"));
    }

    /** Adds received bytes; nothing is decoded until {@link #next()}. */
    public void feed(byte[] bytes, int off, int len) {
        pending.append(bytes, off, len);
    }

    /** Adds all of {@code bytes}. */
    public void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /**
     * The next complete input, or empty when more bytes are needed. After a
     * {@link SmtpInput.CommandLine} nothing further is decoded until the next call, so the caller
     * can still switch to data mode with {@link #startData()}.
     */
    public Optional<SmtpInput> next() {
        while (true) {
            switch (mode) {
                case DATA -> {
                    Optional<SmtpInput.MessageData> message = messageReader.read(pending);
                    if (message.isPresent()) {
                        mode = Mode.COMMAND;
                    }
                    return message.map(m -> m);
                }
                case CHUNK -> {
                    int take = (int) Math.min(chunkRemaining, pending.size());
                    if (chunkKept) {
                        chunk.write(pending.array(), pending.start(), take);
                    }
                    pending.skip(take);
                    chunkRemaining -= take;
                    if (chunkRemaining > 0) {
                        return Optional.empty();
                    }
                    mode = Mode.COMMAND;
                    byte[] content = chunkKept ? chunk.toByteArray() : new byte[0];
                    chunk = null;
                    return Optional.of(new SmtpInput.Chunk(content, chunkSize, !chunkKept));
                }
                case DISCARDING_LONG_LINE -> {
                    int lf = pending.indexOf(LF, 0);
                    if (lf < 0) {
                        pending.skip(pending.size());
                        return Optional.empty();
                    }
                    pending.skip(lf + 1);
                    mode = Mode.COMMAND;
                    return Optional.of(new SmtpInput.CommandTooLong());
                }
                case COMMAND -> {
                    int lf = pending.indexOf(LF, scanned);
                    if (lf >= 0) {
                        scanned = 0;
                        return Optional.of(commandLine(lf));
                    }
                    scanned = pending.size();
                    if (scanned < maxCommandLine) {
                        return Optional.empty();
                    }
                    // Even the LF still to come would not fit: drop the line as it arrives.
                    pending.skip(scanned);
                    scanned = 0;
                    mode = Mode.DISCARDING_LONG_LINE;
                }
                default -> throw new IllegalStateException(mode.name());
            }
        }
    }

    private SmtpInput commandLine(int lf) {
        int withTerminator = lf + 1;
        if (withTerminator > maxCommandLine) {
            pending.skip(withTerminator);
            return new SmtpInput.CommandTooLong();
        }
        int length = lf > 0 && pending.at(lf - 1) == CR ? lf - 1 : lf;
        String line = pending.utf8(length);
        pending.skip(withTerminator);
        return new SmtpInput.CommandLine(line);
    }

    /**
     * Switches to data mode; call it after sending the 354 reply to DATA, before the next
     * {@link #next()}. Bytes buffered after the DATA command line are read as message content.
     *
     * @throws IllegalStateException when already in data mode
     */
    public void startData() {
        if (mode == Mode.DATA) {
            throw new IllegalStateException("already reading message data");
        }
        mode = Mode.DATA;
        scanned = 0;
    }

    /**
     * Reads the next {@code size} octets as a BDAT chunk (RFC 3030 section 2); call it after the BDAT
     * command line, before the next {@link #next()}. Octets are kept only when {@code size} is at most
     * {@code keepAtMost}; otherwise they are consumed and dropped (so the next command is still found)
     * and the chunk is flagged too big. Buffered memory stays bounded by {@code keepAtMost}.
     *
     * @throws IllegalStateException when not in command mode
     */
    public void startChunk(long size, long keepAtMost) {
        if (mode != Mode.COMMAND) {
            throw new IllegalStateException("not reading commands");
        }
        if (size < 0) {
            throw new IllegalArgumentException("negative chunk size");
        }
        mode = Mode.CHUNK;
        scanned = 0;
        chunkSize = size;
        chunkRemaining = size;
        chunkKept = size <= keepAtMost;
        chunk = chunkKept ? new java.io.ByteArrayOutputStream((int) Math.min(size, 1 << 16)) : null;
    }

    /**
     * Drops every byte received but not yet decoded. Called right after the {@code 220} reply to
     * STARTTLS: anything a client (or an attacker in the path) pipelined behind STARTTLS arrived in
     * plain text and must not be read as if it came over TLS (RFC 3207 section 4.2, CVE-2011-0411).
     */
    public void discardBuffered() {
        pending.skip(pending.size());
        scanned = 0;
        mode = Mode.COMMAND;
    }

    /** Whether the decoder is reading message content. */
    public boolean inData() {
        return mode == Mode.DATA || mode == Mode.CHUNK;
    }

    /** Up to {@code max} of the bytes fed and not yet decoded, for a log line (Postfix shows what was pipelined). */
    public byte[] peekBuffered(int max) {
        return java.util.Arrays.copyOfRange(pending.array(), pending.start(), pending.start() + Math.min(max, pending.size()));
    }

    /** Bytes fed and not yet consumed by {@link #next()} (excluding kept message content). */
    public int bufferedBytes() {
        return pending.size();
    }
}
