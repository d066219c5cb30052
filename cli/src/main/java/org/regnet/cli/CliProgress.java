package org.regnet.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.regnet.model.TrainingListener;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Training progress on stderr: a progress bar with ETA per epoch on a terminal; in a log file
 * (nohup) a line every tenth of an epoch instead, so logs stay readable.
 */
final class CliProgress implements TrainingListener {
    private final PrintWriter err;
    private final boolean terminal = System.console() != null;
    private ProgressBar bar;
    private int batches;
    private long started;

    CliProgress(PrintWriter err) { this.err = err; }

    @Override
    public void message(String line) {
        err.println(line);
        err.flush();
    }

    @Override
    public void epochStarted(int epoch, int epochs, int batches) {
        this.batches = batches;
        this.started = System.nanoTime();
        if (terminal) {
            bar = new ProgressBarBuilder().setTaskName("epoch " + epoch + "/" + epochs).setInitialMax(batches)
                    .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                    .showSpeed().build();
        }
    }

    @Override
    public void batchDone(int batch, double loss) {
        if (bar != null) {
            bar.stepTo(batch);
            bar.setExtraMessage(String.format(Locale.ROOT, " loss %.4f", loss));
        } else if (batches >= 10 && batch % (batches / 10) == 0) {
            double s = (System.nanoTime() - started) / 1e9;
            err.printf(Locale.ROOT, "  batch %d/%d  loss %.4f  %.0f s, ETA %.0f s%n", batch, batches, loss, s, s * (batches - batch) / batch);
            err.flush();
        }
    }

    @Override
    public void epochDone(int epoch, String summary) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        err.println(summary);
        err.flush();
    }
}
