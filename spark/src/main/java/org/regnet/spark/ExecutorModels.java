package org.regnet.spark;

import org.regnet.model.PredictionColumns;
import org.regnet.model.PropertyModel;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The models of one JVM (a Spark executor, or the driver), each loaded once on first use and
 * shared by every task the JVM runs, not reloaded per partition or task. A model's network passes
 * are serialized inside it ({@link PropertyModel}); its tasks read and featurize in parallel. The
 * models live as long as the JVM and are closed when it exits.
 */
final class ExecutorModels {
    private static final Map<List<String>, PropertyModel> MODELS = new ConcurrentHashMap<>();
    private static final Map<List<String>, PredictionColumns> COLUMNS = new ConcurrentHashMap<>();
    private static final AtomicInteger LOADS = new AtomicInteger();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> MODELS.values().forEach(PropertyModel::close), "regnet-models-close"));
    }

    private ExecutorModels() {}

    /** The loaded model of these names or paths. */
    static PropertyModel get(List<String> model) {
        return MODELS.computeIfAbsent(List.copyOf(model), m -> {
            try {
                LOADS.incrementAndGet();
                return PropertyModel.load(m);
            } catch (IOException e) {
                // unchecked: the task fails, naming the model
                throw new java.io.UncheckedIOException("cannot load the model " + m + " on this executor: " + e.getMessage(), e);
            }
        });
    }

    /** Its row columns. */
    static PredictionColumns columns(List<String> model) {
        return COLUMNS.computeIfAbsent(List.copyOf(model), m -> new PredictionColumns(get(m)));
    }

    /** How many times this JVM has loaded a model (tests: once per model, not per task). */
    static int loads() { return LOADS.get(); }
}
