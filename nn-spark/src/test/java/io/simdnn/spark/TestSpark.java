package io.simdnn.spark;

import org.apache.spark.sql.SparkSession;

/**
 * The one SparkSession of the module's tests (all test classes share a JVM): two local threads, and up to two
 * attempts per task (local[2,2]) so the retry test can fail one attempt; no UI, few shuffle partitions.
 */
final class TestSpark {
    private static SparkSession session;

    private TestSpark() {}

    static synchronized SparkSession session() {
        if (session == null) {
            session = SparkSession.builder().master("local[2,2]").appName("nn-spark tests")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", "2")
                    .config("spark.driver.host", "127.0.0.1")
                    .config("spark.driver.bindAddress", "127.0.0.1")
                    .getOrCreate();
        }
        return session;
    }
}
