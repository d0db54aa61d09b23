package org.convscope.app.explore;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * Long computations started by a request and followed by others: an optimized image, a top-9
 * scan. Each runs on a thread of its own and takes the {@link DeviceLane} one step at a time, so
 * the page stays responsive; its progress is polled or streamed, and it can be cancelled. At most
 * {@link #MAX_ACTIVE} run or wait at once, and the {@link #KEPT} most recent are remembered.
 */
final class Jobs {
    static final Pattern ID = Pattern.compile("[0-9a-f]{12}");
    static final int MAX_ACTIVE = 4;
    static final int KEPT = 32;

    enum State { QUEUED, RUNNING, DONE, FAILED, CANCELLED }

    /** The work of a job: reports its steps through {@link Job#step}, checks {@link Job#cancelled}. */
    interface Work {
        byte[] run(Job job) throws Exception;
    }

    static final class Job {
        final String id;
        final String kind;
        final int steps;
        volatile State state = State.QUEUED;
        volatile int step;
        volatile String error;
        volatile byte[] result;
        volatile boolean cancel;

        Job(String id, String kind, int steps) {
            this.id = id;
            this.kind = kind;
            this.steps = steps;
        }

        boolean cancelled() {
            return cancel;
        }

        boolean finished() {
            return state == State.DONE || state == State.FAILED || state == State.CANCELLED;
        }

        synchronized Map<String, Object> status() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", id);
            m.put("kind", kind);
            m.put("state", state.name().toLowerCase(java.util.Locale.ROOT));
            m.put("step", step);
            m.put("steps", steps);
            if (error != null) {
                m.put("error", error);
            }
            return m;
        }
    }

    private final SecureRandom random = new SecureRandom();
    private final LinkedHashMap<String, Job> jobs = new LinkedHashMap<>();
    private final ExecutorService runner = Executors.newFixedThreadPool(MAX_ACTIVE, r -> {
        Thread t = new Thread(r, "explorer-job");
        t.setDaemon(true);
        return t;
    });

    /** Starts {@code work}; refused (429) when {@link #MAX_ACTIVE} jobs are already running or waiting. */
    synchronized Job start(String kind, int steps, Work work) {
        long active = jobs.values().stream().filter(j -> !j.finished()).count();
        if (active >= MAX_ACTIVE) {
            throw new ApiException(429, active + " jobs are running; wait for one to finish or cancel one");
        }
        byte[] b = new byte[6];
        random.nextBytes(b);
        Job job = new Job(HexFormat.of().formatHex(b), kind, steps);
        jobs.put(job.id, job);
        Iterator<Job> it = jobs.values().iterator();
        while (jobs.size() > KEPT && it.hasNext()) {
            if (it.next().finished()) {
                it.remove();
            }
        }
        runner.execute(() -> {
            job.state = State.RUNNING;
            try {
                byte[] r = work.run(job);
                job.result = r;
                job.state = job.cancel ? State.CANCELLED : State.DONE;
            } catch (CancellationException e) {
                job.state = State.CANCELLED;
            } catch (ApiException | IllegalArgumentException e) {
                job.error = e.getMessage();
                job.state = State.FAILED;
            } catch (Exception | Error e) {
                job.error = e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
                job.state = State.FAILED;
            }
        });
        return job;
    }

    synchronized Job find(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw ApiException.bad("bad job id '" + id + "': ids are 12 hex digits, as the POST that started the job returns");
        }
        Job j = jobs.get(id);
        if (j == null) {
            throw ApiException.notFound("no job '" + id + "' (finished long ago, or never started)");
        }
        return j;
    }

    void close() {
        synchronized (this) {
            jobs.values().forEach(j -> j.cancel = true);
        }
        runner.shutdownNow();
    }
}
