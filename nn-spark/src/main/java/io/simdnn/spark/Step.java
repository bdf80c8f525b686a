package io.simdnn.spark;

import java.io.Serializable;
import org.apache.spark.broadcast.Broadcast;

/**
 * One synchronous step (one global batch) or one round of local steps ({@code batches} global batches), as shipped
 * to every partition: the broadcast parameters, the epoch's broadcast row order (null: natural order), the learning
 * rate and the global step number.
 */
record Step(Job job, Broadcast<float[][]> parameters, Broadcast<int[]> order, int epoch, int firstBatch, int batches,
        boolean local, long step, float learningRate, double roundRows) implements Serializable {

    /** The rows of global batch {@code b} (the last one may be short). */
    int batchRows(int b) {
        return Math.min(job.batch(), job.totalRows() - b * job.batch());
    }

    /** The work of one partition. */
    Partial run(RowBlock block) {
        PartitionWorker w = block.worker(job);
        synchronized (w) {
            long start = System.nanoTime();
            Partial p = w.run(this);
            p.computeNanos = System.nanoTime() - start;
            return p;
        }
    }
}
