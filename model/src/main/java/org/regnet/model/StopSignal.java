package org.regnet.model;

import java.time.Duration;

/**
 * A request, from another thread, that training stop between two optimizer steps (or two batches
 * of a validation pass or of the final evaluation, which on one thread take minutes).
 *
 * <p>Why: the JVM halts as soon as its shutdown hooks return. A thread still inside a native
 * PyTorch step at that moment crashes the JVM (SIGSEGV and an hs_err report; seen twice in seven
 * SIGTERMs during a training step). With {@link #onShutdown}, a Ctrl-C or SIGTERM instead asks the
 * trainer to stop: it finishes its step, keeps the last epoch's checkpoint (the epoch in progress is
 * lost; {@code --resume} repeats it exactly), releases its native memory, and only then lets the
 * JVM halt.
 *
 * <p>Thread rules: {@link #request} and {@link #requestAndAwait} may be called from any thread;
 * one signal may serve several trainings one after the other (the folds of a Matbench run).
 * {@link #close} removes the shutdown hook, if any.
 */
public final class StopSignal implements AutoCloseable {
    private boolean requested;
    /** Trainings that hold native memory now. */
    private int active;
    /** The shutdown hook that raises this signal, or null. */
    private Thread hook;

    /** A signal that only {@link #request} raises. */
    public StopSignal() { }

    /**
     * A signal raised when the JVM shuts down (Ctrl-C, SIGTERM, {@code System.exit}); the shutdown
     * then waits up to {@code grace} for a running training to stop.
     */
    public static StopSignal onShutdown(Duration grace) {
        StopSignal signal = new StopSignal();
        signal.hook = new Thread(() -> signal.requestAndAwait(grace), "regnet-training-stop");
        Runtime.getRuntime().addShutdownHook(signal.hook);
        return signal;
    }

    /** Removes the shutdown hook (nothing to do while the JVM is already shutting down). */
    @Override
    public void close() {
        if (hook == null) return;
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs now, as it should
        }
        hook = null;
    }

    /** Asks the training to stop after its current step. */
    public synchronized void request() {
        requested = true;
    }

    /**
     * Asks the training to stop and waits until it has released its native memory.
     *
     * @return true when no training runs any more, false when {@code grace} ran out first
     */
    public synchronized boolean requestAndAwait(Duration grace) {
        requested = true;
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            for (long left = grace.toNanos(); active > 0 && left > 0; left = deadline - System.nanoTime()) {
                wait(Math.max(1, left / 1_000_000));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return active == 0;
    }

    public synchronized boolean requested() {
        return requested;
    }

    /** A training starts to hold native memory. */
    synchronized void enter() {
        active++;
    }

    /** A training has released its native memory. */
    synchronized void exit() {
        active--;
        notifyAll();
    }
}
