package org.regnet.data;

import java.util.ArrayDeque;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs tasks on a thread pool and hands their results to a sink in submission order, holding
 * at most a few tasks per thread in flight, so output streams while memory stays bounded.
 */
public final class OrderedPipeline<R> implements AutoCloseable {
    private final ExecutorService pool;
    private final ArrayDeque<Future<R>> pending = new ArrayDeque<>();
    private final Consumer<R> sink;
    private final int window;

    public OrderedPipeline(int threads, Consumer<R> sink) {
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "regnet-worker");
            t.setDaemon(true);
            return t;
        });
        this.sink = sink;
        this.window = 8 * threads;
    }

    public void submit(Callable<R> task) {
        pending.add(pool.submit(task));
        while (pending.size() > window || (!pending.isEmpty() && pending.peek().isDone())) emitHead();
    }

    /** Waits for every task and emits the rest. */
    public void finish() {
        while (!pending.isEmpty()) emitHead();
    }

    private void emitHead() {
        try {
            sink.accept(pending.poll().get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            // tasks catch their own failures; anything here is a bug and must not pass silently
            throw new IllegalStateException("internal error in a worker: " + e.getCause(), e.getCause());
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
