package io.kurir.imap.transport;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A long answer (IMAP FETCH of many bodies, POP3 RETR of a large message) written as the client reads
 * it: each chunk is made on a worker thread, and the next only when the socket's write queue has room,
 * so memory does not grow with the answer. IMAP and POP3 connections share it.
 */
final class ChunkedAnswer {

    private final Vertx vertx;
    private final NetSocket socket;
    private final Callable<List<byte[]>> nextChunk;
    private final BooleanSupplier closed;
    private final Runnable onChunk;
    private final Runnable onDone;
    private final Consumer<Throwable> onFailure;

    /**
     * @param nextChunk the next chunk, on a worker; empty when the answer is complete
     * @param closed whether the connection is gone (then nothing more happens)
     * @param onChunk after each chunk is written (e.g. to re-arm an idle timer)
     * @param onDone when the answer is complete, on the event loop
     * @param onFailure when a chunk could not be made, on the event loop
     */
    ChunkedAnswer(Vertx vertx, NetSocket socket, Callable<List<byte[]>> nextChunk, BooleanSupplier closed, Runnable onChunk,
            Runnable onDone, Consumer<Throwable> onFailure) {
        this.vertx = vertx;
        this.socket = socket;
        this.nextChunk = nextChunk;
        this.closed = closed;
        this.onChunk = onChunk;
        this.onDone = onDone;
        this.onFailure = onFailure;
    }

    void start() {
        vertx.executeBlocking(nextChunk, false).onComplete(ar -> {
            if (closed.getAsBoolean()) {
                return;
            }
            if (ar.failed()) {
                onFailure.accept(ar.cause());
                return;
            }
            if (ar.result().isEmpty()) {
                onDone.run();
                return;
            }
            writeAll(socket, ar.result());
            onChunk.run();
            if (socket.writeQueueFull()) {
                socket.drainHandler(v -> {
                    socket.drainHandler(null);
                    if (!closed.getAsBoolean()) {
                        start();
                    }
                });
            } else {
                start();
            }
        });
    }

    /**
     * Writes these pieces as one buffer. Vert.x flushes every write made outside a read, so a FETCH 1:* (FLAGS)
     * written response by response would be 100,000 system calls and as many small TCP segments.
     */
    static void writeAll(NetSocket socket, List<byte[]> pieces) {
        if (pieces.isEmpty()) {
            return;
        }
        if (pieces.size() == 1) {
            socket.write(Buffer.buffer(pieces.get(0)));
            return;
        }
        int size = 0;
        for (byte[] piece : pieces) {
            size += piece.length;
        }
        Buffer joined = Buffer.buffer(size);
        for (byte[] piece : pieces) {
            joined.appendBytes(piece);
        }
        socket.write(joined);
    }
}
