package io.kurir.store;

import java.util.Collection;
import java.util.Optional;

/**
 * Message bytes, addressed by an id the caller chooses. PostgreSQL by default ({@link PgBlobStore});
 * an S3-compatible store later, behind the same interface.
 *
 * <p>Failure semantics: every method either completes or throws {@link StoreException}; a
 * {@code put} that returned has made the bytes durable (committed), so a 250 reply may follow.
 */
public interface BlobStore {

    /**
     * Stores bytes under a new id. Returns false, and stores nothing, when the id is taken: callers
     * that draw ids (queue ids) draw again.
     */
    boolean putNew(String id, byte[] data);

    /**
     * Stores bytes under an id derived deterministically from the work being done, so that a retry
     * of the same work writes the same id again: an existing blob with that id is kept as it is.
     */
    void putIdempotent(String id, byte[] data);

    Optional<byte[]> get(String id);

    /** Removes a blob; removing a missing blob is not an error. */
    void delete(String id);

    /** Removes several blobs at once; missing ones are not an error. */
    default void deleteAll(Collection<String> ids) {
        ids.forEach(this::delete);
    }
}
