package io.simdnn.spark;

import java.io.Serializable;

/**
 * One partition's training rows packed once into contiguous float arrays, as {@code TrainingData} holds a data set:
 * {@code rows × features} inputs, {@code rows × targetWidth} targets and, for classification, the labels. Cached by
 * Spark as one object per partition; {@link #worker} (the Workspace and buffers of that partition) lives beside it on
 * the executor and is rebuilt if the block ever is.
 */
final class RowBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    final int partition, rows, features, targetWidth;
    final float[] x, targets;
    final int[] labels;
    private transient PartitionWorker worker;

    RowBlock(int partition, int rows, int features, float[] x, int targetWidth, float[] targets, int[] labels) {
        this.partition = partition;
        this.rows = rows;
        this.features = features;
        this.x = x;
        this.targetWidth = targetWidth;
        this.targets = targets;
        this.labels = labels;
    }

    /** This partition's worker, created on first use on the executor that holds the block. */
    synchronized PartitionWorker worker(Job job) {
        if (worker == null || !worker.fits(job)) worker = new PartitionWorker(this, job);
        return worker;
    }
}
