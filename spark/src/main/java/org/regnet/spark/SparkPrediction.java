package org.regnet.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.regnet.crystal.io.StructureSource;
import org.regnet.model.Prediction;
import org.regnet.model.PredictionColumns;
import org.regnet.model.PredictionPipeline;
import org.regnet.model.PropertyModel;

import java.io.Serializable;
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
    /** Files per partition: about one chunk of single-structure files. */
    static final int FILES_PER_PARTITION = 256;
    private static final Set<String> STRING_COLUMNS = Set.of("id", "status", "formula", "domain", "domain_reason", "warning", "source", "error");

    private final List<String> model;
    private final int threads;
    private final int chunkSize;
    private final int partitions;

    private SparkPrediction(Builder b) {
        this.model = List.copyOf(b.model);
        this.threads = b.threads;
        this.chunkSize = b.chunkSize;
        this.partitions = b.partitions;
    }

    public static Builder builder() { return new Builder(); }

    /** Options of the job; all have defaults. */
    public static final class Builder {
        private List<String> model = List.of("mp36k");
        private int threads = 1;
        private int chunkSize = 256;
        private int partitions;

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

        /** This many partitions for file inputs (default: about {@value #FILES_PER_PARTITION} files each, at least twice the default parallelism). */
        public Builder optPartitions(int partitions) {
            if (partitions < 1) throw new IllegalArgumentException("partitions must be at least 1");
            this.partitions = partitions;
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
     * a Hadoop path: local, HDFS, S3 (s3a://) or a glob. Directories are walked for structure files
     * and archives, as the command line does; a named file that is neither is an error row.
     *
     * <p>The driver lists the files and spreads them over partitions of about
     * {@value #FILES_PER_PARTITION} (at least twice the default parallelism); executors open them
     * through Hadoop's FileSystem with the session's Hadoop configuration. (Spark's
     * {@code binaryFiles} put all 18,369 files of a folder in one split, and each file's stream
     * parsed the whole split again: quadratic.) For 10⁷ structures and more, pack them into
     * archives of 10⁴–10⁵ each, so the driver lists thousands of files, not millions.
     */
    public Dataset<Row> predictFiles(SparkSession spark, String path) {
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        List<String> files = HadoopFiles.list(hadoop, path);
        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        int slices = partitions > 0 ? partitions
                : Math.max(1, Math.min(files.size(), Math.max(2 * context.defaultParallelism(), files.size() / FILES_PER_PARTITION)));
        Map<String, String> settings = HadoopFiles.settings(hadoop);
        List<String> m = model;
        int t = threads, c = chunkSize;
        JavaRDD<Row> rows = context.parallelize(files, slices).mapPartitions((FlatMapFunction<Iterator<String>, Row>) partition -> {
            Configuration conf = HadoopFiles.configuration(settings);
            return predict(m, t, c, sink -> partition.forEachRemaining(file -> HadoopFiles.read(conf, file, sink)));
        });
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
}
