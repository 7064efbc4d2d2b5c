package io.kurir.store.queue;

import java.util.List;

/**
 * qshape's table: per destination, how many recipients wait, by the age of their message.
 *
 * @param bucketMinutes the upper age limit of each bucket but the last, in minutes
 *        ({@code 5 10 20 ... 1280}); the last bucket holds everything older ({@code 1280+})
 * @param total the {@code TOTAL} row
 * @param rows one row per destination, most recipients first
 */
public record QueueShape(List<Integer> bucketMinutes, Row total, List<Row> rows) {

    /** qshape's default: 10 buckets starting at 5 minutes, each twice the previous. */
    public static final List<Integer> DEFAULT_BUCKETS = List.of(5, 10, 20, 40, 80, 160, 320, 640, 1280);

    /**
     * @param counts one count per bucket: {@code bucketMinutes.size() + 1} entries
     */
    public record Row(String domain, int total, List<Integer> counts) {
        public Row {
            counts = List.copyOf(counts);
        }
    }

    public QueueShape {
        bucketMinutes = List.copyOf(bucketMinutes);
        rows = List.copyOf(rows);
    }
}
