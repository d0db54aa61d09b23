package org.convscope.spark;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.spark.Success$;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/** Counts the task attempts that ended in failure, so a test can see that its injected failure happened. */
final class FailureCounter extends SparkListener {
    private static final AtomicInteger FAILED = new AtomicInteger();
    private static boolean registered;

    static synchronized void reset(JavaSparkContext sc) {
        if (!registered) {
            sc.sc().addSparkListener(new FailureCounter());
            registered = true;
        }
        drain(sc);
        FAILED.set(0);
    }

    /** Failed attempts since {@link #reset}, once the listener has seen every event so far. */
    static int failedTasks() {
        drain(SparkTesting.context());
        return FAILED.get();
    }

    private static void drain(JavaSparkContext sc) {
        try {
            sc.sc().listenerBus().waitUntilEmpty(10_000);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Spark's listener bus did not drain in 10 s", e);
        }
    }

    @Override
    public void onTaskEnd(SparkListenerTaskEnd end) {
        if (end.reason() != Success$.MODULE$) {
            FAILED.incrementAndGet();
        }
    }
}
