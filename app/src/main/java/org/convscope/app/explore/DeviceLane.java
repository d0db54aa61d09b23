package org.convscope.app.explore;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Semaphore;
import java.util.function.BooleanSupplier;

/**
 * The one lane to the device: the net keeps its blobs between calls, so one computation runs at a
 * time, and the others wait their turn in arrival order (a fair semaphore). A long job takes the
 * lane for one of its steps at a time: {@link #yieldTurn} between steps lets every computation that
 * arrived meanwhile run first, so a small request never waits longer than one step.
 *
 * <p>Whatever a computation returns must be a copy (host arrays, pictures, PNG bytes), never a
 * tensor the net owns: the next computation overwrites those.
 */
final class DeviceLane {
    private final Semaphore turn = new Semaphore(1, true);

    /** Runs {@code work} when it is this caller's turn and returns its result. */
    <T> T call(Callable<T> work) throws Exception {
        turn.acquire();
        try {
            return work.call();
        } finally {
            turn.release();
        }
    }

    /**
     * Inside {@link #call}: gives the lane to those waiting, then waits for it again.
     *
     * @param cancelled checked after the wait; true ends the job with a {@link CancellationException}
     */
    void yieldTurn(BooleanSupplier cancelled) {
        if (turn.hasQueuedThreads()) {
            turn.release();
            turn.acquireUninterruptibly();
        }
        if (cancelled.getAsBoolean()) {
            throw new CancellationException("cancelled");
        }
    }
}
