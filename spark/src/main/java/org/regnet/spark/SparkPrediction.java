package org.regnet.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.input.PortableDataStream;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.regnet.crystal.ReadOptions;
import org.regnet.crystal.io.StructureSource;
import org.regnet.model.Prediction;
import org.regnet.model.PredictionColumns;
import org.regnet.model.PredictionPipeline;
import org.regnet.model.PropertyModel;
import scala.Tuple2;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Predictions with a regnet model on Apache Spark, in the columns of {@code regnet predict}
 * (id, status, formula, atoms, a column per task, ..., source, error). Each executor JVM loads the
 * model once ({@link ExecutorModels}) and its tasks share it; a partition's structures are read,
 * featurized and predicted by the library's {@link PredictionPipeline}. A file that cannot be read
 * is an error row, never a failed job.
 *
 * <pre>{@code
 * SparkPrediction job = SparkPrediction.builder().optModel(List.of("mp36k")).build();
 * job.predictFiles(spark, "s3a://bucket/candidates/").write().parquet("s3a://bucket/predictions");
 * }</pre>
 */
public final class SparkPrediction implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Set<String> STRING_COLUMNS = Set.of("id", "status", "formula", "domain", "domain_reason", "warning", "source", "error");

    private final List<String> model;
    private final int threads;
    private final int chunkSize;
    private final int minPartitions;

    private SparkPrediction(Builder b) {
        this.model = List.copyOf(b.model);
        this.threads = b.threads;
        this.chunkSize = b.chunkSize;
        this.minPartitions = b.minPartitions;
    }

    public static Builder builder() { return new Builder(); }

    /** Options of the job; all have defaults. */
    public static final class Builder {
        private List<String> model = List.of("mp36k");
        private int threads = 1;
        private int chunkSize = 256;
        private int minPartitions;

        private Builder() {}

        /** The model: a bundled name, a path every executor can read (a model directory or zip), or several (an ensemble). Default mp36k. */
        public Builder optModel(List<String> namesOrPaths) {
            if (namesOrPaths.isEmpty()) throw new IllegalArgumentException("a model is required");
            this.model = namesOrPaths;
            return this;
        }

        /** Reading threads per Spark task (default 1: Spark runs a task per core). */
        public Builder optThreads(int threads) {
            if (threads < 1) throw new IllegalArgumentException("threads must be at least 1");
            this.threads = threads;
            return this;
        }

        /** Structures per network call (default 256). */
        public Builder optChunkSize(int chunkSize) {
            if (chunkSize < 1) throw new IllegalArgumentException("chunk size must be at least 1");
            this.chunkSize = chunkSize;
            return this;
        }

        /** At least this many partitions for file inputs (default: Spark's own choice). */
        public Builder optMinPartitions(int minPartitions) {
            this.minPartitions = minPartitions;
            return this;
        }

        public SparkPrediction build() { return new SparkPrediction(this); }
    }

    /** The rows' schema: the model's columns, doubles for the numbers and atoms as an integer. */
    public StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (String name : ExecutorModels.columns(model).names()) {
            DataType type = STRING_COLUMNS.contains(name) ? DataTypes.StringType : name.equals("atoms") ? DataTypes.IntegerType : DataTypes.DoubleType;
            fields.add(DataTypes.createStructField(name, type, true));
        }
        return DataTypes.createStructType(fields);
    }

    /**
     * Predicts every structure file and archive (.tar.gz, .zip: each structure inside is a row) under
     * a Hadoop path: local, HDFS, S3 (s3a://) or a glob; files that are neither are error rows.
     */
    public Dataset<Row> predictFiles(SparkSession spark, String path) {
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        var files = minPartitions > 0 ? context.binaryFiles(path, minPartitions) : context.binaryFiles(path);
        List<String> m = model;
        int t = threads, c = chunkSize;
        JavaRDD<Row> rows = files.mapPartitions((FlatMapFunction<Iterator<Tuple2<String, PortableDataStream>>, Row>) partition ->
                predict(m, t, c, sink -> partition.forEachRemaining(file -> readFile(file._1(), file._2(), sink))));
        return spark.createDataFrame(rows, schema());
    }

    /**
     * Predicts a table of structure texts with columns {@code id}, {@code text} and {@code format}
     * (cif, poscar, xyz or json; empty: told from the text, as files without a known name are).
     */
    public Dataset<Row> predictTable(Dataset<Row> table) {
        List<String> m = model;
        int t = threads, c = chunkSize;
        JavaRDD<Row> rows = table.select("id", "text", "format").javaRDD().mapPartitions((FlatMapFunction<Iterator<Row>, Row>) partition ->
                predict(m, t, c, sink -> partition.forEachRemaining(row -> sink.accept(entry(row)))));
        return table.sparkSession().createDataFrame(rows, schema());
    }

    /** One partition's rows, through the executor's shared model. */
    private static Iterator<Row> predict(List<String> model, int threads, int chunkSize, PredictionPipeline.EntrySource source) {
        PropertyModel predictor = ExecutorModels.get(model);
        PredictionColumns columns = ExecutorModels.columns(model);
        List<Row> out = new ArrayList<>();
        PredictionPipeline.builder(predictor).optThreads(threads).optChunkSize(chunkSize).build()
                .run(source, (index, predictions) -> {
                    for (Prediction p : predictions) out.add(row(columns, p));
                });
        return out.iterator();
    }

    private static void readFile(String path, PortableDataStream data, java.util.function.Consumer<StructureSource.Entry> sink) {
        try (InputStream in = data.open()) {
            StructureSource.forEach(path, in, ReadOptions.defaults(), sink);
        } catch (IOException | RuntimeException e) {
            sink.accept(StructureSource.Entry.failed(path, "cannot read: " + e.getMessage()));
        }
    }

    /** A table row as an entry: the text under a name whose ending tells its format. */
    private static StructureSource.Entry entry(Row row) {
        String id = row.isNullAt(0) ? "" : row.getString(0);
        String format = row.isNullAt(2) ? "" : row.getString(2).strip().toLowerCase(Locale.ROOT);
        String suffix = switch (format) {
            case "cif" -> ".cif";
            case "poscar", "vasp", "contcar" -> ".vasp";
            case "xyz", "extxyz" -> ".xyz";
            case "json" -> ".json";
            case "" -> "";
            default -> null;
        };
        if (suffix == null) return StructureSource.Entry.failed(id, "unknown format '" + format + "' (cif, poscar, xyz or json)");
        if (row.isNullAt(1)) return StructureSource.Entry.failed(id, "no text");
        return new StructureSource.Entry(id + suffix, row.getString(1).getBytes(StandardCharsets.UTF_8), null);
    }

    private static Row row(PredictionColumns columns, Prediction p) {
        Map<String, Object> values = columns.row(p);
        Object[] cells = new Object[columns.names().size()];
        for (int i = 0; i < cells.length; i++) cells[i] = values.get(columns.names().get(i));
        return RowFactory.create(cells);
    }

    /** Unchecked, for a model that cannot be loaded on an executor (the task fails, naming it). */
    static UncheckedIOException cannotLoad(List<String> model, IOException e) {
        return new UncheckedIOException("cannot load the model " + model + " on this executor: " + e.getMessage(), e);
    }
}
