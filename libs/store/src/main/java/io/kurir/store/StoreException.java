package io.kurir.store;

/** A storage operation failed (database unreachable, constraint broken, ...). Always unchecked. */
public class StoreException extends RuntimeException {
    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
