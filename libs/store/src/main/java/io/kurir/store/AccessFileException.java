package io.kurir.store;

/** An access(5) source file has an error; the message is {@code FILE:LINE: what is wrong}. */
public final class AccessFileException extends IllegalArgumentException {

    private final String fileName;
    private final int line;
    private final String reason;

    AccessFileException(String fileName, int line, String reason) {
        super(fileName + ":" + line + ": " + reason);
        this.fileName = fileName;
        this.line = line;
        this.reason = reason;
    }

    public String fileName() {
        return fileName;
    }

    /** The line (from 1) where the entry with the error starts. */
    public int line() {
        return line;
    }

    /** What is wrong, without file and line. */
    public String reason() {
        return reason;
    }
}
